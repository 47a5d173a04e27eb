package dev.helpdesk.view;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.search.Query;
import dev.helpdesk.search.TicketFilter;
import dev.helpdesk.search.TicketSearch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when each kept count is counted (again), counts it, and drops the counts nobody wants.
 * A base is the count and the highest event id in one REPEATABLE READ snapshot (events become
 * visible in id order, V8). What no delta can move is recounted, coalesced: a dirty count at most
 * every {@link #RECOUNT_MIN_MS}, an {@code sla:} one (it moves with the clock) every
 * {@link #TIMED_MS}, and every count every {@link #SAFETY_MS} as a safety net (an email edited, a
 * write outside the write path); never more often than {@link #COST_FACTOR} times its last
 * duration, and at most {@link #MAX_COUNTING} at once, so counts never crowd out the pool. Its
 * state (the entries' flags, {@link CountTable#counting}) is guarded by {@link CountTable#lock}.
 */
final class RecountScheduler {

  /** Failures are logged under the facade's name, as before the split. */
  private static final Logger log = LoggerFactory.getLogger(ViewCounts.class);

  static final long RECOUNT_MIN_MS = Long.getLong("helpdesk.viewCounts.recountMinMs", 5_000);
  static final long TIMED_MS = Long.getLong("helpdesk.viewCounts.timedMs", 30_000);
  static final long SAFETY_MS = Long.getLong("helpdesk.viewCounts.safetyMs", 300_000);
  static final int MAX_ENTRIES = 5_000;
  /**
   * A recount waits at least this many times as long as the entry's last count took, so that
   * recounting an expensive query (a free word at a million tickets takes seconds) keeps a
   * connection busy at most 1/COST_FACTOR of the time.
   */
  static final int COST_FACTOR = 20;
  /** Recounts in flight at once; the others wait (a first count, which someone waits for, never does). */
  static final int MAX_COUNTING = Integer.getInteger("helpdesk.viewCounts.maxCounting", 3);

  private record Base(long eventId, TicketSearch.Total total) {}

  private final Pool pool;
  private final TicketSearch search;
  private final CountTable table;
  private final ChangeLogReader reader;
  private final Counter queries;
  private final Timer queryTime;

  RecountScheduler(Pool pool, TicketSearch search, CountTable table, ChangeLogReader reader, MeterRegistry registry) {
    this.pool = pool;
    this.search = search;
    this.table = table;
    this.reader = reader;
    this.queries = Counter.builder("helpdesk_view_count_queries").description(
        "Count queries run for preset and saved-view counts (bases and recounts), never one per change")
        .register(registry);
    this.queryTime = Timer.builder("helpdesk_view_count_query").description(
        "Time of each count query of the view counts (snapshot, count, estimate)").register(registry);
  }

  /** How many count queries ran (bases and recounts) since start. */
  long queries() {
    return (long) queries.count();
  }

  /** The entry (asked for now), its first count started if it is new. Under the lock. */
  CountEntry entry(CountKey k, long now) {
    table.forgotten();
    CountEntry e = table.entries.get(k);
    if (e == null) {
      e = new CountEntry(k, now);
      table.entries.put(k, e);
      recount(e);
    }
    e.askedAt = now;
    return e;
  }

  /**
   * Starts what waits for a slot, recounts what is due, and drops the counts neither asked for
   * lately nor in {@code watched} (followed on this instance). Under the lock.
   */
  void tend(long now, Set<CountKey> watched) {
    startQueued();
    for (Iterator<CountEntry> it = table.entries.values().iterator(); it.hasNext(); ) {
      CountEntry e = it.next();
      boolean wanted = watched.contains(e.key) || now - e.askedAt <= CountTable.IDLE_MS;
      if (!wanted && !e.counting && e.waiting.isEmpty()) {
        it.remove();
        continue;
      }
      if (!e.ready() || e.counting || e.queued) {
        continue;
      }
      long age = now - e.countedAt;
      long cost = COST_FACTOR * e.tookMs;
      if ((e.dirty && age >= Math.max(RECOUNT_MIN_MS, cost))
          || (e.judged == TicketFilter.Judged.TIMED && age >= Math.max(TIMED_MS, cost))
          || age >= Math.max(SAFETY_MS, cost)) {
        recount(e);
      }
    }
    // the least recently asked go first; an entry being counted or waited for stays (if all
    // are, the table stays over the cap until the next tick rather than spinning here)
    while (table.entries.size() > MAX_ENTRIES) {
      CountEntry oldest = table.entries.values().stream().filter(e -> !e.counting && e.waiting.isEmpty())
          .min(Comparator.comparingLong(e -> e.askedAt)).orElse(null);
      if (oldest == null) {
        break;
      }
      table.entries.remove(oldest.key);
    }
  }

  /**
   * A new base for the entry: the count and the highest event id in one snapshot, then the
   * changes after that id that the feed already applied elsewhere. Under the lock; the
   * queries run asynchronously.
   */
  private void recount(CountEntry e) {
    if (e.counting) {
      return;
    }
    if (table.counting >= MAX_COUNTING && e.ready()) {
      e.queued = true; // a first count (someone waits for it) is never held back
      return;
    }
    e.queued = false;
    e.counting = true;
    table.counting++;
    e.dirty = false;
    queries.increment();
    long started = System.nanoTime();
    Caller caller = new Caller(e.key.me() == null ? -1 : e.key.me(), Caller.Kind.USER, Role.AGENT, "", null);
    pool.getConnection().compose(conn -> snapshotCount(conn, caller, e.key.query()).eventually(conn::close))
        .onComplete(ar -> {
          queryTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          List<Promise<Void>> waiting;
          synchronized (table.lock) {
            e.counting = false;
            table.counting--;
            e.countedAt = System.currentTimeMillis();
            e.tookMs = (System.nanoTime() - started) / 1_000_000;
            if (ar.succeeded()) {
              reader.rebase(e, ar.result().eventId(), ar.result().total());
            } else {
              log.warn("Counting {} failed; trying again later: {}", e.key.query(), ar.cause().getMessage());
              e.dirty = true;
            }
            waiting = new ArrayList<>(e.waiting);
            e.waiting.clear();
            table.pushPending = true;
            startQueued();
          }
          waiting.forEach(p -> {
            if (ar.succeeded()) {
              p.tryComplete();
            } else {
              p.tryFail(ar.cause());
            }
          });
        });
  }

  private Future<Base> snapshotCount(SqlConnection conn, Caller caller, Query query) {
    return conn.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
        .compose(v -> conn.query(ChangeLogReader.MAX_EVENT).execute())
        .compose(rows -> {
          long eventId = rows.iterator().next().getLong(0);
          return search.countIn(conn, caller, query).map(total -> new Base(eventId, total));
        })
        .compose(base -> conn.query("COMMIT").execute().map(base))
        .recover(err -> conn.query("ROLLBACK").execute().transform(x -> Future.failedFuture(err)));
  }

  /** Starts waiting recounts while there is room, the longest waiting first. Under the lock. */
  private void startQueued() {
    while (table.counting < MAX_COUNTING) {
      CountEntry next = null;
      for (CountEntry e : table.entries.values()) {
        if (e.queued && (next == null || e.countedAt < next.countedAt)) {
          next = e;
        }
      }
      if (next == null) {
        return;
      }
      recount(next);
    }
  }
}
