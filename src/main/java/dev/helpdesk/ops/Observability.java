package dev.helpdesk.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own readings on /metrics, next to Vert.x's (request latency per route comes
 * from Vert.x with the route label): outbox depth and age and event-feed lag, read from the
 * database every few seconds (never per scrape), and a registration point for gauges of
 * other features ({@link #gauge}, {@link #poller}).
 */
public final class Observability {

  private static final Logger log = LoggerFactory.getLogger(Observability.class);

  static final long PROBE_MS = 5_000;

  private static final String OUTBOX = "SELECT count(*) AS pending,"
      + " COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age"
      + " FROM outbox WHERE sent_at IS NULL";
  private static final String NEWEST_EVENT = "SELECT COALESCE(max(id), 0) AS id FROM events";
  private static final String OLDEST_UNPUBLISHED = "SELECT EXTRACT(EPOCH FROM now() - created_at)::float8 AS age"
      + " FROM events WHERE id > $1 ORDER BY id LIMIT 1";

  private final MeterRegistry registry;
  private final AtomicReference<double[]> outbox = new AtomicReference<>(new double[] {0, 0});
  private final AtomicReference<double[]> feedLag = new AtomicReference<>(new double[] {0, 0});

  public Observability(MeterRegistry registry) {
    this.registry = registry == null ? new SimpleMeterRegistry() : registry;
  }

  /** Registers a gauge read at each scrape; {@code value} must be cheap and thread-safe. */
  public void gauge(String name, String help, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value).description(help).tags(tags).register(registry);
  }

  /**
   * Health of a periodic poller (the mailbox, say): call {@link Poller#succeeded()} or
   * {@link Poller#failed()} after each round; /metrics shows
   * {@code helpdesk_poll_last_success_age_seconds}, {@code helpdesk_poll_consecutive_failures}
   * and {@code helpdesk_poll_rounds_total{outcome}}, each labelled {@code poller=name}.
   */
  public Poller poller(String name) {
    return new Poller(name, registry);
  }

  /** Starts the database probes and the gauges of the outbox and the event feed. */
  public void start(Vertx vertx, Pool pool, LongSupplier publishedEventId) {
    gauge("helpdesk_outbox_pending", "Mails waiting in the outbox", () -> outbox.get()[0]);
    gauge("helpdesk_outbox_oldest_age_seconds", "Age of the oldest mail waiting in the outbox",
        () -> outbox.get()[1]);
    gauge("helpdesk_event_feed_lag_events", "Committed events this instance has not yet published to its live clients",
        () -> feedLag.get()[0]);
    gauge("helpdesk_event_feed_lag_seconds", "Age of the oldest committed event not yet published here",
        () -> feedLag.get()[1]);
    vertx.setPeriodic(1, PROBE_MS, id -> probe(pool, publishedEventId.getAsLong())
        .onFailure(e -> log.debug("Metrics probe failed: {}", e.getMessage())));
  }

  private Future<Void> probe(Pool pool, long published) {
    Future<Void> mail = pool.query(OUTBOX).execute().map(rows -> {
      Row r = rows.iterator().next();
      outbox.set(new double[] {r.getLong("pending"), r.getDouble("age")});
      return null;
    });
    Future<Void> feed = pool.query(NEWEST_EVENT).execute()
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(newest -> newest <= published
            ? Future.succeededFuture(new double[] {0, 0})
            : pool.preparedQuery(OLDEST_UNPUBLISHED).execute(Tuple.of(published)).map(rows -> new double[] {
                newest - published, rows.size() == 0 ? 0 : rows.iterator().next().getDouble("age")}))
        .map(lag -> {
          feedLag.set(lag);
          return null;
        });
    return Future.join(mail, feed).mapEmpty();
  }

  /** See {@link Observability#poller}. Thread-safe. */
  public static final class Poller {

    private volatile long lastSuccessMillis = System.currentTimeMillis();
    private volatile long consecutiveFailures;
    private final Counter ok;
    private final Counter failed;

    Poller(String name, MeterRegistry registry) {
      Gauge.builder("helpdesk_poll_last_success_age_seconds",
              () -> (System.currentTimeMillis() - lastSuccessMillis) / 1000.0)
          .description("Seconds since the poller's last successful round").tag("poller", name).register(registry);
      Gauge.builder("helpdesk_poll_consecutive_failures", () -> consecutiveFailures)
          .description("Failed rounds of the poller since its last success").tag("poller", name).register(registry);
      ok = Counter.builder("helpdesk_poll_rounds").description("Rounds of the poller")
          .tags("poller", name, "outcome", "ok").register(registry);
      failed = Counter.builder("helpdesk_poll_rounds").description("Rounds of the poller")
          .tags("poller", name, "outcome", "failed").register(registry);
    }

    public void succeeded() {
      lastSuccessMillis = System.currentTimeMillis();
      consecutiveFailures = 0;
      ok.increment();
    }

    public void failed() {
      consecutiveFailures++;
      failed.increment();
    }
  }
}
