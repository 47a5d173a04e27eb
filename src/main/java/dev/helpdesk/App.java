package dev.helpdesk;

import dev.helpdesk.auth.Bootstrap;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.config.Config;
import dev.helpdesk.db.Database;
import dev.helpdesk.demo.DemoData;
import dev.helpdesk.http.HttpVerticle;
import dev.helpdesk.mail.MailSender;
import dev.helpdesk.reports.ReportFolding;
import dev.helpdesk.routing.RoutingListener;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaPolicyStore;
import dev.helpdesk.sla.SlaWatcher;
import dev.helpdesk.ticket.AutoClose;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running service: database, Vert.x, pool and HTTP verticles. Main and the tests start it the same way. */
public final class App {

  private static final Logger log = LoggerFactory.getLogger(App.class);
  private static final long POLICY_REFRESH_MS = 5_000;

  private final Config config;
  private final Database database;
  private final Vertx vertx;
  private final Pool pool;
  private Services services;

  private App(Config config, Database database, Vertx vertx, Pool pool) {
    this.config = config;
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Blocks the calling thread (never an event loop) until the service listens or fails. */
  public static App start(Config config) throws Exception {
    Database database = Database.open(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        // epoll where the platform has it (Linux), NIO elsewhere
        .with(new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(new MicrometerMetricsOptions()
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
            // meters looked up once per thread, not in the registry on every request
            .setMeterCacheEnabled(true)
            .setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Pool pool = database.createPool(vertx, config.dbPoolSize());
    App app = new App(config, database, vertx, pool);
    PasswordHasher hasher = new PasswordHasher();
    try {
      app.deploy(hasher, registry).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      app.stop();
      throw e;
    }
    return app;
  }

  private Future<?> deploy(PasswordHasher hasher, PrometheusMeterRegistry registry) {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    return Bootstrap.jwtSecret(pool, config)
        .compose(secret -> Bootstrap.admin(vertx, pool, hasher, config)
            .compose(v -> config.demo() ? DemoData.loadIfEmpty(vertx, pool, hasher) : Future.succeededFuture())
            .compose(v -> SlaPolicyStore.load(pool))
            .compose(policy -> {
              Services services = Services.create(vertx, config, pool, secret, hasher, registry, Clock.systemUTC(),
                  policy);
              this.services = services;
              refreshPolicy(services.slaClock());
              return services.live().deploy(database.connectOptions())
                  .compose(x -> vertx.deployVerticle(new RoutingListener(services.routing().rules(),
                      database.connectOptions())))
                  .compose(x -> vertx.deployVerticle(new ReportFolding(services.reportRoutes().query().folder())))
                  .compose(x -> deployMailSender())
                  .compose(x -> vertx.deployVerticle(new SlaWatcher(services.tickets())))
                  .compose(x -> vertx.deployVerticle(new AutoClose(pool, services.tickets(), config.autoCloseDays())))
                  .compose(x -> vertx.deployVerticle(() -> new HttpVerticle(new Routes(services), config.port()),
                      new DeploymentOptions().setInstances(instances)));
            }))
        .onSuccess(id -> log.info("Help desk listening on port {} (open {}/ in a browser)", config.port(),
            config.publicUrl()));
  }

  /** Another instance may change the policy: each instance reads it again every few seconds. */
  private void refreshPolicy(SlaClock clock) {
    vertx.setPeriodic(POLICY_REFRESH_MS, id -> SlaPolicyStore.load(pool)
        .onSuccess(clock::use)
        .onFailure(e -> log.warn("Could not reload the SLA policy: {}", e.getMessage())));
  }

  private Future<?> deployMailSender() {
    if (config.smtp().host() == null) {
      log.warn("No SMTP server configured (HELPDESK_SMTP_HOST): mails stay queued in the outbox until one is");
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new MailSender(pool, config.smtp()));
  }

  /** The running services, for tests that drive a job directly. */
  public Services services() {
    return services;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public Config config() {
    return config;
  }

  public Database database() {
    return database;
  }

  /** Stops Vert.x and the embedded database, if any. */
  public void stop() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly: {}", e.getMessage());
    }
    database.close();
  }
}
