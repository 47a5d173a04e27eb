package dev.helpdesk.view;

import dev.helpdesk.search.TicketSearch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads the change log for the counts and moves or marks each kept count by every event
 * ({@link CountChange}). Events are read in order on its own thread, off the live feed's event
 * loop: reading a burst of them (an SLA round announces thousands) is the feed's work enough. The
 * last {@link #RING} changes are kept, so that a base counted a little behind the feed is brought
 * up to date ({@link #rebase}). Its fields are guarded by {@link CountTable#lock}.
 */
final class ChangeLogReader {

  /** Events kept to bring a new base up to date (it was counted a little behind the feed). */
  static final int RING = 10_000;
  static final long CATCH_UP_MS = 2_000;
  static final String MAX_EVENT = "SELECT coalesce(max(id), 0) FROM events";

  private final Vertx vertx;
  private final Pool pool;
  private final CountTable table;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "view-counts");
    t.setDaemon(true);
    return t;
  });
  private final ArrayDeque<CountChange> ring = new ArrayDeque<>();
  /** The last event applied (-1 before the feed started); events up to it are in the ring or were before it. */
  private long lastApplied = -1;
  /** The ring holds every change after this id. */
  private long ringFrom = -1;
  /** No base may start before this event id (what was before it is gone, {@link CountTable#forgetAll}). */
  private long floor;
  /** GETs waiting for the feed to reach an event id (read-your-writes). */
  private final List<Map.Entry<Long, Promise<Void>>> catchUps = new ArrayList<>();
  private final Counter dirtied;
  private final Counter deltas;
  private final Counter events;

  ChangeLogReader(Vertx vertx, Pool pool, CountTable table, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.table = table;
    this.dirtied = Counter.builder("helpdesk_view_count_dirtied").description(
        "Times a change marked a count for a recount (it could not be moved by delta)").register(registry);
    this.deltas = Counter.builder("helpdesk_view_count_deltas").description(
        "Counts moved by a change, by delta").register(registry);
    this.events = Counter.builder("helpdesk_view_count_events").description(
        "Events the view counts read").register(registry);
  }

  /** The feed starts after this event id. */
  void start(long lastId) {
    worker.execute(() -> {
      synchronized (table.lock) {
        if (lastApplied < 0) {
          lastApplied = lastId;
          ringFrom = lastId;
        }
      }
    });
  }

  void event(long id, String kind, String payload, String counted) {
    worker.execute(() -> read(id, kind, payload, counted));
  }

  /**
   * Completes once the feed has applied every event committed before now (one look at the
   * newest event id), so that a change the caller just made shows in what they read; after
   * {@link #CATCH_UP_MS} at most.
   */
  Future<Void> caughtUp() {
    return pool.query(MAX_EVENT).execute().compose(rows -> {
      long target = rows.iterator().next().getLong(0);
      Promise<Void> p = Promise.promise();
      synchronized (table.lock) {
        if (lastApplied < 0 || lastApplied >= target) {
          return Future.succeededFuture();
        }
        catchUps.add(Map.entry(target, p));
      }
      vertx.setTimer(CATCH_UP_MS, id -> p.tryComplete());
      return p.future();
    });
  }

  private void read(long id, String kind, String payload, String counted) {
    boolean wanted;
    synchronized (table.lock) {
      // with no count kept nor being taken, nothing needs it: a count started later sees it in its snapshot
      wanted = !table.entries.isEmpty() || table.counting > 0;
    }
    CountChange c = wanted ? CountChange.of(id, kind, payload, counted) : null;
    List<Promise<Void>> reached = List.of();
    synchronized (table.lock) {
      if (id <= lastApplied) {
        return;
      }
      table.forgotten();
      lastApplied = id;
      if (!catchUps.isEmpty()) {
        reached = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Promise<Void>>> it = catchUps.iterator(); it.hasNext(); ) {
          Map.Entry<Long, Promise<Void>> waiting = it.next();
          if (waiting.getKey() <= id) {
            reached.add(waiting.getValue());
            it.remove();
          }
        }
      }
      apply(c, id);
    }
    reached.forEach(Promise::tryComplete);
  }

  /** Under the lock. */
  private void apply(CountChange c, long id) {
    events.increment();
    if (c == null) {
      return; // touches no count
    }
    ring.addLast(c);
    while (ring.size() > RING) {
      ringFrom = ring.removeFirst().id();
    }
    for (CountEntry e : table.entries.values()) {
      if (e.ready() && id > e.baseId) {
        apply(e, c);
      }
    }
  }

  /** Moves or marks one entry for one change. Under the lock. */
  private void apply(CountEntry e, CountChange c) {
    CountChange.Effect effect = c.on(e);
    switch (effect) {
      case UP, DOWN -> {
        e.count += effect == CountChange.Effect.UP ? 1 : -1;
        deltas.increment();
        table.pushPending = true;
      }
      case RECOUNT -> dirty(e);
      case NONE -> { }
    }
  }

  private void dirty(CountEntry e) {
    if (!e.dirty) {
      e.dirty = true;
      dirtied.increment();
    }
  }

  /** Takes a base counted up to {@code eventId} and replays the ring's changes after it. Under the lock. */
  void rebase(CountEntry e, long eventId, TicketSearch.Total total) {
    e.count = total.count();
    e.estimate = total.estimate();
    e.baseId = Math.max(eventId, floor);
    if (lastApplied >= 0 && e.baseId < ringFrom) {
      dirty(e); // changes between the base and the ring were not kept: count again soon
      e.baseId = Math.max(e.baseId, lastApplied);
      return;
    }
    for (CountChange c : ring) {
      if (c.id() > e.baseId) {
        apply(e, c);
      }
    }
    e.baseId = Math.max(e.baseId, lastApplied);
  }

  /** Under the lock: the desk was emptied ({@link CountTable#forgetAll}); nothing before {@code floorEventId} counts. */
  void forget(long floorEventId) {
    floor = Math.max(floor, floorEventId);
    ring.clear();
    ringFrom = Math.max(ringFrom, lastApplied);
  }
}
