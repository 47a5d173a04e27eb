package dev.helpdesk.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * /health and its two readings for orchestrators and balancers:
 * <ul>
 *   <li>{@code /health/live}: the process answers (200 also while draining: do not kill it, it is finishing);</li>
 *   <li>{@code /health/ready} and {@code /health}: send traffic here (200), or not (503: the
 *   database does not answer, or the instance is draining before it stops).</li>
 * </ul>
 * Every answer says {@code live}, {@code ready} and {@code draining}.
 */
final class Health {

  private static final long DATABASE_TIMEOUT_MS = 2_000;

  private final Pool pool;
  private final Lifecycle lifecycle;

  Health(Pool pool, Lifecycle lifecycle) {
    this.pool = pool;
    this.lifecycle = lifecycle;
  }

  void mount(Router router) {
    router.get("/health").handler(this::ready);
    router.get("/health/ready").handler(this::ready);
    router.get("/health/live").handler(this::live);
  }

  private void live(RoutingContext ctx) {
    boolean draining = lifecycle.draining();
    send(ctx, 200, new JsonObject().put("status", draining ? "DRAINING" : "UP").put("live", true)
        .put("draining", draining));
  }

  private void ready(RoutingContext ctx) {
    databaseUp().onComplete(ar -> {
      boolean database = ar.succeeded() && ar.result();
      boolean draining = lifecycle.draining();
      boolean ready = database && !draining;
      String status = draining ? "DRAINING" : database ? "UP" : "DOWN";
      send(ctx, ready ? 200 : 503, new JsonObject()
          .put("status", status)
          .put("live", true)
          .put("ready", ready)
          .put("draining", draining)
          .put("checks", new JsonArray().add(new JsonObject().put("id", "database")
              .put("status", database ? "UP" : "DOWN")))
          .put("outcome", ready ? "UP" : "DOWN"));
    });
  }

  private Future<Boolean> databaseUp() {
    return pool.query("SELECT 1").execute().map(rows -> true)
        .timeout(DATABASE_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .otherwise(false);
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
