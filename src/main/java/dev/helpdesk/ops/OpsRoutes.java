package dev.helpdesk.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** /health (liveness and database), /metrics (Prometheus) and /openapi.yaml; none needs a token. */
public final class OpsRoutes {

  private final Vertx vertx;
  private final Pool pool;
  private final PrometheusMeterRegistry registry;
  private final Buffer openApi;

  public OpsRoutes(Vertx vertx, Pool pool, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.registry = registry;
    this.openApi = resource("/openapi.yaml");
  }

  public void mount(Router router) {
    HealthChecks checks = HealthChecks.create(vertx).register("database", 2_000, promise ->
        pool.query("SELECT 1").execute()
            .onSuccess(rows -> promise.complete(Status.OK()))
            .onFailure(e -> promise.complete(Status.KO())));
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry == null ? "" : registry.scrape()));
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .end(openApi));
  }

  private static Buffer resource(String name) {
    try (InputStream in = OpsRoutes.class.getResourceAsStream(name)) {
      return in == null ? Buffer.buffer() : Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
