package dev.helpdesk.satisfaction;

import dev.helpdesk.routing.Routing;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketHooks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/** The ticket hooks of issue 14: routing before a new ticket's insert, satisfaction when it is resolved. */
public final class RouteAndRateHooks implements TicketHooks {

  private final Routing routing;
  private final SatisfactionService satisfaction;

  public RouteAndRateHooks(Routing routing, SatisfactionService satisfaction) {
    this.routing = routing;
    this.satisfaction = satisfaction;
  }

  @Override
  public Future<Routed> beforeCreate(SqlClient tx, NewTicket n) {
    return routing.route(tx, n);
  }

  @Override
  public Future<Void> afterResolved(SqlClient tx, Ticket resolved) {
    return satisfaction.onResolved(tx, resolved);
  }

  @Override
  public Future<JsonObject> extraFields(SqlClient client, Ticket t) {
    return satisfaction.ratingJson(client, t.id()).map(r -> new JsonObject().put("satisfaction", r));
  }
}
