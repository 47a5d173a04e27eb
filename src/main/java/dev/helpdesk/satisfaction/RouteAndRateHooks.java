package dev.helpdesk.satisfaction;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.routing.Routing;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketHooks;
import dev.helpdesk.writes.ChangeSet;
import dev.helpdesk.writes.WriteHook;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * Issue 14 in the one writer: routing when a new ticket is planned, the satisfaction question
 * when a change resolves a ticket; and the {@code satisfaction} field a ticket's JSON gains.
 */
public final class RouteAndRateHooks implements WriteHook, TicketHooks {

  private final Routing routing;
  private final SatisfactionService satisfaction;

  public RouteAndRateHooks(Routing routing, SatisfactionService satisfaction) {
    this.routing = routing;
    this.satisfaction = satisfaction;
  }

  @Override
  public Future<Creating> creating(SqlClient tx, Caller caller, Creating draft) {
    return routing.route(tx, draft);
  }

  @Override
  public Future<Void> planned(SqlClient tx, ChangeSet changes) {
    return satisfaction.onResolved(tx, changes);
  }

  @Override
  public Future<JsonObject> extraFields(SqlClient client, Ticket t) {
    return satisfaction.ratingJson(client, t.id()).map(r -> new JsonObject().put("satisfaction", r));
  }
}
