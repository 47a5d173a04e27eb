package dev.helpdesk.inbound;

import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.writes.ChangeSet;
import dev.helpdesk.writes.WriteHook;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The write path's hook that gives a follow-up ticket the CCs of the closed ticket it
 * continues. Whoever answers a closed ticket (the requester or a CC, by mail or in the
 * portal) opens a follow-up; without its CCs, a CC who wrote would never hear the answer,
 * and their next mail on the thread would not be theirs to add to (a ticket of their own).
 * Sent with the transaction's rows, after the follow-up's; no read.
 */
public final class FollowUpCcs implements WriteHook {

  private static final String COPY = "INSERT INTO ticket_ccs (ticket_id, position, email, name)"
      + " SELECT $1, position, email, name FROM ticket_ccs WHERE ticket_id = $2";

  @Override
  public Future<Void> planned(SqlClient tx, ChangeSet changes) {
    for (Ticket t : changes.created()) {
      if (t.followUpOfId() != null) {
        changes.extra(COPY, Tuple.of(t.id(), t.followUpOfId()));
      }
    }
    return Future.succeededFuture();
  }
}
