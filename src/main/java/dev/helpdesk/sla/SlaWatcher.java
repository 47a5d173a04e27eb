package dev.helpdesk.sla;

import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every second, announces running tickets that crossed into approaching or breached:
 * a system message, a ticket.updated event, history, and for a breach a mail to the
 * assignee, written by the one write path. Rows are claimed with SKIP LOCKED and marked
 * announced in the same transaction, so with several instances each crossing is announced
 * exactly once.
 */
public final class SlaWatcher extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SlaWatcher.class);

  static final long PERIOD_MS = 1_000;
  private static final int BATCH = 100;

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final TicketService tickets;
  private boolean running;

  public SlaWatcher(TicketService tickets) {
    this.tickets = tickets;
  }

  /** @deprecated the pool and the notifier are the write path's now: use {@link #SlaWatcher(TicketService)}. */
  @Deprecated
  public SlaWatcher(Object pool, TicketService tickets, Object notifier) {
    this(tickets);
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
    last = checkOnce()
        .onFailure(e -> log.warn("SLA check failed: {}", e.getMessage()))
        .onComplete(ar -> running = false);
  }

  /** A stop lets the round in progress commit (or roll back) before the pool closes: its claims go with it. */
  @Override
  public Future<?> stop() {
    return last.otherwiseEmpty();
  }

  private Future<?> last = Future.succeededFuture();

  /** Announces up to one batch of crossings; returns how many. */
  public Future<Integer> checkOnce() {
    return tickets.writes().announceSla(BATCH, (t, state) -> state == SlaState.BREACHED
        ? "SLA breached: " + dueText(t) + "."
        : "SLA approaching: " + dueText(t) + ".");
  }

  private static String dueText(Ticket t) {
    boolean firstResponsePending = t.firstRespondedAt() == null
        && !t.slaMarks().firstDueAt().isAfter(t.slaMarks().resolutionDueAt());
    return firstResponsePending
        ? "first response due " + WHEN.format(t.slaMarks().firstDueAt())
        : "resolution due " + WHEN.format(t.slaMarks().resolutionDueAt());
  }
}
