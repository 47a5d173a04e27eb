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
  /** Background jobs (mail sender, SLA watcher, auto-close), undeployed after HTTP on a stop. */
  private final java.util.List<String> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

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
            // request latency per route template (/api/tickets/:ref), not per path
            .addLabels(io.vertx.micrometer.Label.HTTP_ROUTE)
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
              services.ops().observability().start(vertx, pool, services.live()::lastPublishedEventId);
              for (String kind : new String[] {"staff", "requester", "wallboard"}) {
                services.ops().observability().gauge("helpdesk_live_sockets_by_kind", "Open live sockets of this instance",
                    () -> services.live().sockets(kind), "kind", kind);
              }
              return services.live().deploy(database.connectOptions())
                  .compose(x -> services.team().deploy(database.connectOptions()))
                  .compose(x -> vertx.deployVerticle(new RoutingListener(services.routing().rules(),
                      database.connectOptions())))
                  .compose(x -> vertx.deployVerticle(new ReportFolding(services.reportRoutes().query().folder())))
                  .compose(x -> deployMailSender())
                  .compose(x -> vertx.deployVerticle(new SlaWatcher(services.tickets())))
                  .onSuccess(jobs::add)
                  .compose(x -> vertx.deployVerticle(new AutoClose(pool, services.tickets(), config.autoCloseDays())))
                  .onSuccess(jobs::add)
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
    return vertx.deployVerticle(new MailSender(pool, config.smtp())).onSuccess(jobs::add);
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

  /**
   * A graceful stop (SIGTERM runs this from Main's shutdown hook): /health says draining;
   * the HTTP servers stop accepting and answer what is in flight (up to
   * HELPDESK_SHUTDOWN_SECONDS); live sockets are closed with "reconnect at once and resume";
   * the jobs finish their round and hand back the mails they claimed; only then the pool,
   * Vert.x and the embedded database close. Safe to call more than once.
   */
  public void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    long graceMillis = config.ops().shutdownSeconds() * 1000L;
    long delayMillis = config.ops().drainDelaySeconds() * 1000L;
    try {
      drain(delayMillis, graceMillis).toCompletionStage().toCompletableFuture()
          .get(delayMillis + graceMillis + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("Draining did not finish cleanly: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      log.warn("Vert.x did not close cleanly: {}", e.getMessage());
    }
    database.close();
    log.info("Stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
  }

  private Future<?> drain(long delayMillis, long graceMillis) {
    if (services == null) {
      return Future.succeededFuture();
    }
    log.info("Stopping: /health says draining; listeners close in {} ms, then requests in flight have up to {} ms",
        delayMillis, graceMillis);
    services.ops().lifecycle().startDraining();
    Future<?> delay = delayMillis == 0 ? Future.succeededFuture() : vertx.timer(delayMillis);
    return delay.compose(d -> {
      Future<Void> servers = services.ops().lifecycle().shutdownServers(graceMillis);
      // the listeners are closed now: a client that reconnects goes to another instance
      services.live().disconnect(dev.helpdesk.live.Disconnect.everyone(dev.helpdesk.live.Disconnect.SERVICE_RESTART,
          "Service restart; reconnect and resume"));
      return servers;
    }).compose(v -> Future.join(jobs.stream().map(id -> vertx.undeploy(id)).toList()));
  }
}
