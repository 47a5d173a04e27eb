package dev.helpdesk.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers. */
public final class Responses {

  private Responses() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    String encoded = body instanceof JsonObject o ? o.encode()
        : body instanceof JsonArray a ? a.encode()
        : io.vertx.core.json.Json.encode(body);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(encoded);
  }

  public static void ok(RoutingContext ctx, Object body) {
    json(ctx, 200, body);
  }

  public static void created(RoutingContext ctx, String location, Object body) {
    ctx.response().putHeader("Location", location);
    json(ctx, 201, body);
  }

  /** JSON already encoded (by the write path, once for the event and the answer). */
  public static void encoded(RoutingContext ctx, int status, String json) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(json);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
