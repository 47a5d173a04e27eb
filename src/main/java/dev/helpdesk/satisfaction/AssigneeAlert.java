package dev.helpdesk.satisfaction;

import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * HOOK for in-app notifications (issue 13, the "prod" helper's notifications): called in the
 * rating's transaction when a ticket is rated bad and has an assignee, after their mail is
 * queued. {@link #NONE} does nothing until notifications exist; the integrator plugs the
 * notification writer in here (Services.create).
 */
@FunctionalInterface
public interface AssigneeAlert {

  Future<Void> badRating(SqlClient tx, Ticket ticket, Rating rating);

  AssigneeAlert NONE = (tx, ticket, rating) -> Future.succeededFuture();
}
