package dev.helpdesk.live;

import dev.helpdesk.auth.Tokens;
import dev.helpdesk.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/live: the WebSocket. The token comes as {@code ?access_token=}: a session
 * (staff or requester) or a wallboard link. The upgrade happens at once (an upgrade must
 * not wait on anything asynchronous); the socket stays paused until the token is checked,
 * and a bad token closes it with {@value #UNAUTHORIZED} so that clients stop retrying.
 */
final class LiveRoutes {

  private static final Logger log = LoggerFactory.getLogger(LiveRoutes.class);

  static final short UNAUTHORIZED = Disconnect.UNAUTHORIZED;

  private final LiveHub hub;
  private final Tokens tokens;
  private final SessionCloser closer;

  LiveRoutes(LiveHub hub, Tokens tokens, SessionCloser closer) {
    this.hub = hub;
    this.tokens = tokens;
    this.closer = closer;
  }

  void mount(Router router) {
    router.get("/api/live").handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    String token = ctx.request().getParam("access_token");
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(ApiError.badRequest("Connect with a WebSocket: GET /api/live?access_token=<token>"));
      return;
    }
    if (token == null || token.isBlank()) {
      ctx.fail(ApiError.unauthorized("Add ?access_token=<token> to the WebSocket address"));
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> {
          ws.pause();
          viewer(token)
              .onSuccess(viewer -> {
                hub.open(ws, viewer);
                closer.track(ws, token); // issue 12: closed with 4401 when the session ends
              })
              .onFailure(e -> refuse(ws));
        })
        .onFailure(e -> log.debug("WebSocket upgrade failed: {}", e.getMessage()));
  }

  private Future<Viewer> viewer(String token) {
    return tokens.verifySession(token).map(Viewer::of)
        .recover(e -> tokens.verifyWallboard(token).map(v -> Viewer.WALLBOARD));
  }

  private static void refuse(ServerWebSocket ws) {
    ws.writeTextMessage(Frames.error("The token is invalid or expired").toString())
        .eventually(() -> ws.close(UNAUTHORIZED, "unauthorized"));
  }
}
