package dev.helpdesk.live;

import dev.helpdesk.events.EventTap;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads new rows of the events table in id order and hands each to a sink, once. It is
 * poked on every NOTIFY, after every (re)connection of the listener and periodically as a
 * safety net; a poke while a read runs makes that read go round once more, so no poke is
 * lost and reads never overlap. Runs on one context (LiveVerticle's); not thread-safe.
 */
final class ChangeFeed {

  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  static final int PAGE = 1000;
  private static final String LAST_ID = "SELECT coalesce(max(id), 0) FROM events";
  /** With the internal {@code counted} column for the tap (never part of a frame). */
  private static final String AFTER = "SELECT " + LiveEvent.COLUMNS + ", counted::text AS counted FROM events"
      + " WHERE id > $1 ORDER BY id LIMIT " + PAGE;

  private final Pool pool;
  private final LongFunction<FanoutClock> clockAt;
  private final Consumer<LiveEvent> sink;
  private final EventTap tap;
  private long lastSeen;
  private boolean reading;
  private boolean again;

  /** @param clockAt starts timing an event's fan-out from the moment (nanos) it was read */
  ChangeFeed(Pool pool, LongFunction<FanoutClock> clockAt, Consumer<LiveEvent> sink, EventTap tap) {
    this.pool = pool;
    this.tap = tap;
    this.clockAt = clockAt;
    this.sink = sink;
  }

  /** Starts after the newest event: clients that want older ones resume from the table. */
  Future<Long> start() {
    return pool.query(LAST_ID).execute().map(rows -> {
      lastSeen = rows.iterator().next().getLong(0);
      tap.start(lastSeen);
      return lastSeen;
    });
  }

  long lastSeen() {
    return lastSeen;
  }

  /** Reads whatever is new now (or right after the read under way). */
  void poke() {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    again = false;
    drain().onComplete(ar -> {
      reading = false;
      if (ar.failed()) {
        log.warn("Reading new events after id {} failed; retrying on the next notification or tick: {}", lastSeen,
            ar.cause().getMessage());
      } else if (again) {
        poke();
      }
    });
  }

  private void tapped(LiveEvent event, Row row) {
    try {
      tap.event(event.id(), event.kind(), event.ticketId(), event.internal(), row.getString("payload"),
          row.getString("counted"));
    } catch (RuntimeException e) {
      log.warn("The event tap failed on event {}", event.id(), e);
    }
  }

  private Future<Void> drain() {
    return pool.preparedQuery(AFTER).execute(Tuple.of(lastSeen)).compose(rows -> {
      long readAt = System.nanoTime();
      for (Row row : rows) {
        LiveEvent event = LiveEvent.from(row, clockAt.apply(readAt));
        lastSeen = event.id();
        sink.accept(event);
        tapped(event, row);
      }
      if (rows.size() == PAGE) {
        return drain();
      }
      tap.drained();
      return Future.succeededFuture();
    });
  }
}
