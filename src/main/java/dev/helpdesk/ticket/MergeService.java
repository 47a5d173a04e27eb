package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.Rendered;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Merges a duplicate into another ticket: the source's messages (with their files) move
 * to the target's thread, keeping their times and marked with their origin, and keeping
 * whether they are notes; the source is closed with mergedInto, its history and SLA
 * facts kept. Both tickets get a system message and events. Written by the one write path.
 */
public final class MergeService {

  private final TicketService tickets;

  public MergeService(Pool pool, TicketService tickets) {
    this.tickets = tickets;
  }

  /**
   * @param reopen what to do when the target is closed: true reopens it, false merges into it as it is,
   *               null refuses so that the person can be asked
   */
  public Future<Ticket> merge(Caller caller, long sourceId, long targetId, Boolean reopen) {
    return mergeRendered(caller, sourceId, targetId, reopen).map(Rendered::value);
  }

  /** As {@link #merge}, with the target's JSON as its event carries it. */
  public Future<Rendered<Ticket>> mergeRendered(Caller caller, long sourceId, long targetId, Boolean reopen) {
    return tickets.writes().merge(caller, sourceId, targetId, reopen);
  }
}
