package dev.helpdesk.sla;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.notify.Change;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketHistory;
import dev.helpdesk.ticket.TicketRepository;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every second, announces running tickets that crossed into approaching or breached:
 * a system message, a ticket.updated event, history, and for a breach a mail to the
 * assignee. Rows are claimed with SKIP LOCKED and marked announced in the same
 * transaction, so with several instances each crossing is announced exactly once.
 */
public final class SlaWatcher extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SlaWatcher.class);

  static final long PERIOD_MS = 1_000;
  private static final int BATCH = 100;

  // Two claims, each matching one partial index's predicate exactly: at a million tickets a
  // single OR with ORDER BY id was planned as a scan of the primary key (0.6 s); these take < 1 ms.
  private static final String CLAIM_BREACHED = "SELECT id, sla_notified FROM tickets"
      + " WHERE status IN ('open', 'in_progress') AND sla_notified IS DISTINCT FROM 'breached'"
      + " AND sla_breach_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED";
  private static final String CLAIM_APPROACHING = "SELECT id, sla_notified FROM tickets"
      + " WHERE status IN ('open', 'in_progress') AND sla_notified IS NULL"
      + " AND sla_warn_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED";
  private static final String ANNOUNCED = "UPDATE tickets SET sla_notified = $2 WHERE id = $1";

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final Pool pool;
  private final TicketService tickets;
  private final Notifier notifier;
  private boolean running;

  public SlaWatcher(Pool pool, TicketService tickets, Notifier notifier) {
    this.pool = pool;
    this.tickets = tickets;
    this.notifier = notifier;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD_MS, id -> check());
    return Future.succeededFuture();
  }

  /** One round; a round still running when the next is due lets it pass. */
  void check() {
    if (running) {
      return;
    }
    running = true;
    checkOnce()
        .onFailure(e -> log.warn("SLA check failed: {}", e.getMessage()))
        .onComplete(ar -> running = false);
  }

  /** Announces up to one batch of crossings; returns how many. */
  public Future<Integer> checkOnce() {
    return pool.withTransaction(tx -> tx.preparedQuery(CLAIM_BREACHED).execute(Tuple.of(BATCH))
        .compose(breached -> tx.preparedQuery(CLAIM_APPROACHING).execute(Tuple.of(BATCH)).map(approaching -> {
          Map<Long, String> claimed = new LinkedHashMap<>();
          breached.forEach(row -> claimed.put(row.getLong("id"), row.getString("sla_notified")));
          approaching.forEach(row -> claimed.putIfAbsent(row.getLong("id"), row.getString("sla_notified")));
          return claimed;
        }))
        .compose(claimed -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Map.Entry<Long, String> row : claimed.entrySet()) {
        long id = row.getKey();
        String before = row.getValue();
        chain = chain.compose(n -> TicketRepository.findById(tx, id)
            .compose(found -> found.map(t -> announce(tx, t, before == null ? "ok" : before))
                .orElse(Future.succeededFuture(false)))
            .map(done -> done ? n + 1 : n));
      }
      return chain;
    }));
  }

  private Future<Boolean> announce(SqlClient tx, Ticket t, String announcedBefore) {
    SlaClock clock = tickets.slaClock();
    SlaState state = SlaClock.state(t.status(), t.firstRespondedAt(), t.resolvedAt(), t.slaMarks(), clock.now());
    if (state != SlaState.APPROACHING && state != SlaState.BREACHED) {
      return Future.succeededFuture(false); // the database clock ran a little ahead; next round
    }
    String text = state == SlaState.BREACHED
        ? "SLA breached: " + dueText(t) + "."
        : "SLA approaching: " + dueText(t) + ".";
    Caller system = Caller.system();
    return tx.preparedQuery(ANNOUNCED).execute(Tuple.of(t.id(), state.wire()))
        .compose(v -> TicketHistory.write(tx, t.id(), system,
            List.of(new TicketHistory.Change("sla", announcedBefore, state.wire()))))
        .compose(v -> TicketService.systemMessages(tx, system, t, List.of(text)))
        .compose(v -> tickets.ticketUpdated(tx, t))
        .compose(v -> state == SlaState.BREACHED ? notifier.slaBreached(tx, t) : Future.<Void>succeededFuture())
        .compose(v -> tickets.notifications().changed(tx, Change.slaCrossed(t, state)))
        .map(true);
  }

  private static String dueText(Ticket t) {
    boolean firstResponsePending = t.firstRespondedAt() == null
        && !t.slaMarks().firstDueAt().isAfter(t.slaMarks().resolutionDueAt());
    return firstResponsePending
        ? "first response due " + WHEN.format(t.slaMarks().firstDueAt())
        : "resolution due " + WHEN.format(t.slaMarks().resolutionDueAt());
  }
}
