package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.sla.SlaState;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The ticket changes this package asks of the one write path ({@code dev.helpdesk.writes}),
 * which implements this port; declared here so that the ticket package does not import
 * the writer, which imports the ticket model. Wired in {@code Services}.
 */
public interface TicketWrites {

  Future<Rendered<Ticket>> create(Caller caller, NewTicket n);

  Future<Rendered<Ticket>> update(Caller caller, long id, TicketPatch patch);

  Future<Void> delete(long id);

  /** Deletes a ticket after keeping it whole in the trash (issue 12), in one transaction. */
  Future<Void> delete(Caller by, long id);

  /** Puts a ticket back from the trash and announces {@code ticket.created} with a system note (issue 12). */
  Future<Rendered<Ticket>> restore(Caller caller, long id);

  Future<Rendered<Ticket>> merge(Caller caller, long sourceId, long targetId, Boolean reopen);

  /** Closes up to {@code batch} tickets resolved more than {@code days} days ago; returns how many. */
  Future<Integer> closeResolved(int days, int batch);

  /**
   * Claims up to {@code batch} running tickets that crossed into approaching or breached and
   * were not announced yet, and announces each with the system message {@code note} gives;
   * returns how many.
   */
  Future<Integer> announceSla(int batch, BiFunction<Ticket, SlaState, String> note);

  /** Recomputes the SLA marks of these tickets (those not done) under the current policy; returns how many. */
  Future<Integer> retarget(Caller actor, List<Long> ids);
}
