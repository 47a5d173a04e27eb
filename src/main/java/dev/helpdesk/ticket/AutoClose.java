package dev.helpdesk.ticket;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes tickets resolved more than N days ago (config autoCloseDays, default 4), with a
 * system message. SKIP LOCKED lets several instances run it without closing one twice.
 */
public final class AutoClose extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(AutoClose.class);

  static final long PERIOD_MS = 60_000;
  private static final int BATCH = 200;

  private final TicketService tickets;
  private final int days;

  public AutoClose(Pool pool, TicketService tickets, int days) {
    this.tickets = tickets;
    this.days = days;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(1_000, PERIOD_MS, id -> last = closeDue()
        .onFailure(e -> log.warn("Closing resolved tickets failed: {}", e.getMessage())));
    return Future.succeededFuture();
  }

  /** A stop lets the round in progress commit (or roll back) before the pool closes. */
  @Override
  public Future<?> stop() {
    return last.otherwiseEmpty();
  }

  private Future<?> last = Future.succeededFuture();

  /** Closes up to one batch; returns how many. */
  public Future<Integer> closeDue() {
    return tickets.writes().closeResolved(days, BATCH);
  }
}
