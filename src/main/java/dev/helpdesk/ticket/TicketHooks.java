package dev.helpdesk.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * Fields other features add to the ticket JSON a ticket page reads (a rating's
 * {@code satisfaction}). What they do inside a ticket's transaction goes through the
 * writer's hooks ({@code dev.helpdesk.writes.WriteHook}), not here.
 */
public interface TicketHooks {

  /** Fields added to the ticket JSON of GET /api/tickets/{ref}. */
  default Future<JsonObject> extraFields(SqlClient client, Ticket t) {
    return Future.succeededFuture(new JsonObject());
  }

  TicketHooks NONE = new TicketHooks() {};
}
