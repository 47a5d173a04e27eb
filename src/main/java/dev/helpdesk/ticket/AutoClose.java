package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
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
  private static final String DUE = "SELECT id FROM tickets WHERE status = 'resolved'"
      + " AND resolved_at < now() - make_interval(days => $1) ORDER BY resolved_at LIMIT $2 FOR UPDATE SKIP LOCKED";

  private final Pool pool;
  private final TicketService tickets;
  private final int days;

  public AutoClose(Pool pool, TicketService tickets, int days) {
    this.pool = pool;
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
    Caller system = Caller.system();
    String note = "Closed automatically " + days + (days == 1 ? " day" : " days") + " after it was resolved.";
    return pool.withTransaction(tx -> tx.preparedQuery(DUE).execute(Tuple.of(days, BATCH)).compose(rows -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Row row : rows) {
        long id = row.getLong(0);
        chain = chain.compose(n -> TicketRepository.findById(tx, id)
            .compose(found -> {
              Ticket t = found.orElseThrow();
              return tickets.save(tx, system, t, t.withStatus(Status.CLOSED, tickets.slaClock()), true)
                  .compose(closed -> tickets.ticketUpdated(tx, closed)
                      .compose(v -> TicketService.systemMessages(tx, system, closed, List.of(note))));
            })
            .map(n + 1));
      }
      return chain;
    }));
  }
}
