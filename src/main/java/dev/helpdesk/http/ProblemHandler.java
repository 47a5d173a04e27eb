package dev.helpdesk.http;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become RFC 9457 problem JSON. Never leaks internals. */
public final class ProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private ProblemHandler() {}

  public static void handle(RoutingContext ctx) {
    ApiError error = toApiError(ctx);
    if (clientWentAway(ctx)) {
      // a browser that navigated away mid-download: nothing failed, nobody to answer
      log.debug("{} {}: the client closed the connection", ctx.request().method(), ctx.request().path());
      return;
    }
    if (error.status() == 503) {
      log.warn("{} {}: database unavailable ({})", ctx.request().method(), ctx.request().path(),
          ctx.failure().getMessage());
      ctx.response().putHeader("Retry-After", "5");
    } else if (error.status() >= 500) {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    send(ctx, error);
  }

  /** A lost or refused database connection, or a database shutting down: the request may be retried. */
  static boolean databaseUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException
          || t instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean clientWentAway(RoutingContext ctx) {
    Throwable f = ctx.failure();
    return ctx.request().connection() != null && ctx.response().closed()
        || f instanceof java.nio.channels.ClosedChannelException
        || f instanceof java.io.IOException && String.valueOf(f.getMessage()).contains("Broken pipe");
  }

  public static void send(RoutingContext ctx, ApiError error) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (error.status() == 429) {
      ctx.response().putHeader("Retry-After", String.valueOf(error.toJson().getInteger("retryAfterSeconds", 60)));
    }
    ctx.response()
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/problem+json; charset=utf-8")
        .end(error.toJson().encode());
  }

  private static ApiError toApiError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof dev.helpdesk.domain.DomainError domain) {
      return ApiError.of(domain);
    }
    if (failure instanceof DecodeException) {
      return ApiError.badRequest("The body is not valid JSON");
    }
    if (failure instanceof PgException pg && "40001".equals(pg.getSqlState())) {
      return ApiError.conflict("Someone else changed this at the same moment; try again");
    }
    if (databaseUnavailable(failure)) {
      return new ApiError(503, "Service unavailable", "The database cannot be reached right now; try again shortly",
          List.of(), null);
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    return forStatus(status == -1 ? 500 : status);
  }

  public static ApiError forStatus(int status) {
    return switch (status) {
      case 400 -> ApiError.badRequest("The request is malformed");
      case 401 -> ApiError.unauthorized("A valid bearer token is required");
      case 403 -> ApiError.forbidden("You may not do this");
      case 404 -> ApiError.notFound("There is nothing at this address");
      case 405 -> new ApiError(405, "Method not allowed", "This address does not accept that method", List.of(), null);
      case 413 -> new ApiError(413, "Payload too large", "The request body is too large", List.of(), null);
      case 415 -> new ApiError(415, "Unsupported media type", "Send the body as application/json", List.of(), null);
      default -> status >= 400 && status < 500
          ? new ApiError(status, "Request refused", "The request was refused", List.of(), null)
          : new ApiError(500, "Internal error", "Something went wrong on our side; it has been logged", List.of(), null);
    };
  }

  /** Used where the router answers on its own (no route, wrong method). */
  public static void sendStatus(RoutingContext ctx, int status) {
    send(ctx, forStatus(status));
  }

}
