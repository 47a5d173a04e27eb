package dev.helpdesk.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * What other features add to a ticket's own transaction, kept out of the ticket write path so
 * that it can move with it: routing before a new ticket is inserted, the satisfaction question
 * when a ticket becomes resolved, and the fields the ticket JSON gains from them.
 */
public interface TicketHooks {

  /** A new ticket as a routing rule leaves it; {@code note} names the rule (null: no rule applied). */
  record Routed(NewTicket ticket, String note, String assignedBy) {}

  /** Called once per new ticket, before the insert. */
  default Future<Routed> beforeCreate(SqlClient tx, NewTicket n) {
    return Future.succeededFuture(new Routed(n, null, null));
  }

  /** Called when a ticket moves to resolved, after it is saved. */
  default Future<Void> afterResolved(SqlClient tx, Ticket resolved) {
    return Future.succeededFuture();
  }

  /** Fields added to the ticket JSON a ticket page reads (GET /api/tickets/{ref}). */
  default Future<JsonObject> extraFields(SqlClient client, Ticket t) {
    return Future.succeededFuture(new JsonObject());
  }

  TicketHooks NONE = new TicketHooks() {};
}
