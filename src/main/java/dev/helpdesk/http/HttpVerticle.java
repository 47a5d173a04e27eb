package dev.helpdesk.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/** The HTTP server: API routes, operations endpoints and the pages in webroot/. One instance per event loop. */
public final class HttpVerticle extends VerticleBase {

  static final long JSON_BODY_LIMIT = 1024 * 1024;
  /** Larger live frames close the socket with 1009; up to this, {@code ClientFrame} answers an error frame. */
  public static final int MAX_WEBSOCKET_MESSAGE = 64 * 1024;

  private static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431
        : cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414 : 400;
    ApiError error = switch (status) {
      case 414 -> new ApiError(414, "URI too long", "The address may be at most 4096 characters", java.util.List.of(),
          null);
      case 431 -> new ApiError(431, "Request header fields too large", "The headers may be at most 8 KB in all",
          java.util.List.of(), null);
      default -> ApiError.badRequest("The HTTP request is malformed");
    };
    request.response().setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .putHeader("Connection", "close")
        .putHeader("Content-Security-Policy", SecurityHeaders.CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(error.toJson().encode())
        .onComplete(v -> request.connection().close());
  }

  /**
   * What the process mounts (implemented by the composition root, {@code dev.helpdesk.Routes}),
   * so that the server does not import the features: routes on the root router, API routes
   * that read their body themselves (uploads), and the API behind the JSON body handler.
   */
  public interface RouteTable {
    void mountRoot(Router router);

    void mountBeforeBody(Router api);

    void mountApi(Router api);

    /** The server of this verticle listens (so that a graceful stop can shut it down). */
    default void listening(io.vertx.core.http.HttpServer server) {}
  }

  private final RouteTable routes;
  private final int port;

  public HttpVerticle(RouteTable routes, int port) {
    this.routes = routes;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders());
    routes.mountRoot(router);

    Router api = Router.router(vertx);
    routes.mountBeforeBody(api);
    api.route().handler(BodyHandler.create(false).setBodyLimit(JSON_BODY_LIMIT));
    routes.mountApi(api);
    api.route().handler(ctx -> ProblemHandler.sendStatus(ctx, 404));
    api.route().failureHandler(ProblemHandler::handle);
    router.route("/api/*").subRouter(api);

    // "/agent" also matches "/agent/" in Vert.x: redirect only the bare name
    for (String page : new String[] {"/agent", "/portal", "/wallboard"}) {
      router.get(page).handler(ctx -> {
        if (ctx.request().path().equals(page)) {
          ctx.redirect(page + "/");
        } else {
          ctx.next();
        }
      });
    }
    router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setIndexPage("index.html"));
    router.route().failureHandler(ProblemHandler::handle);
    router.errorHandler(404, ctx -> ProblemHandler.sendStatus(ctx, 404));
    router.errorHandler(405, ctx -> ProblemHandler.sendStatus(ctx, 405));
    router.errorHandler(500, ProblemHandler::handle);
    // whatever else the router answers on its own (400 for a path it cannot decode, 413, 415...)
    for (int status : new int[] {400, 401, 403, 406, 408, 411, 412, 413, 414, 415, 416, 417, 422, 429, 431, 501,
        502, 503}) {
      router.errorHandler(status, ProblemHandler::handle);
    }

    // no per-message deflate: a live frame goes to many sockets as the same bytes, never compressed per socket
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setTcpNoDelay(true)
            .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
            .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE).setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE))
        // hostile URIs, bodies and framing are refused before the router (see RequestGate)
        .requestHandler(new RequestGate(router))
        // what Netty refuses before routing (a URI over 4 KB, headers over 8 KB, broken HTTP) is problem JSON, too
        .invalidRequestHandler(HttpVerticle::invalidRequest)
        .listen(port)
        .onSuccess(routes::listening);
  }
}
