package dev.helpdesk.ops;

import dev.helpdesk.config.Config;
import dev.helpdesk.http.ClientAddress;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * /health (live, ready, draining), /metrics (Prometheus) and /openapi.yaml; none needs a
 * token. Also holds what operations share with the rest of the process: the lifecycle
 * (draining), the client address behind trusted proxies, and the metrics registration point.
 */
public final class OpsRoutes {

  private final PrometheusMeterRegistry registry;
  private final Buffer openApi;
  private final Lifecycle lifecycle = new Lifecycle();
  private final Health health;
  private final Observability observability;
  private final ClientAddress clientAddress;

  public OpsRoutes(Pool pool, PrometheusMeterRegistry registry, Config.Ops ops) {
    this.registry = registry;
    this.openApi = resource("/openapi.yaml");
    this.health = new Health(pool, lifecycle);
    this.observability = new Observability(registry);
    this.clientAddress = ClientAddress.handler(ops.trustedProxies());
  }

  public void mount(Router router) {
    router.route().handler(clientAddress);
    health.mount(router);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry == null ? "" : registry.scrape()));
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .end(openApi));
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /** Where features register their gauges (the mailbox poller, for one). */
  public Observability observability() {
    return observability;
  }

  private static Buffer resource(String name) {
    try (InputStream in = OpsRoutes.class.getResourceAsStream(name)) {
      return in == null ? Buffer.buffer() : Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
