package dev.helpdesk.ticket;

import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** /api/tickets: create, read, change and delete (the list is dev.helpdesk.search.SearchRoutes). */
public final class TicketRoutes {

  private static final Pattern ID_OR_REF = Pattern.compile("^(?:TKT-)?0*(\\d{1,15})$", Pattern.CASE_INSENSITIVE);

  private static final String CREATOR = "SELECT name FROM users WHERE id = $1";

  private final Pool pool;
  private final TicketService tickets;
  private final MergeService merges;

  public TicketRoutes(Pool pool, TicketService tickets, MergeService merges) {
    this.pool = pool;
    this.tickets = tickets;
    this.merges = merges;
  }

  public void mount(Router api) {
    api.post("/tickets").handler(this::create);
    api.get("/tickets/:ref").handler(this::get);
    api.patch("/tickets/:ref").handler(STAFF).handler(this::update);
    api.delete("/tickets/:ref").handler(STAFF).handler(this::delete);
    api.post("/tickets/:ref/merge").handler(STAFF).handler(this::merge);
    api.get("/tickets/:ref/history").handler(STAFF).handler(this::history);
  }

  /** {@code 17}, {@code TKT-017} and {@code tkt-17} all name ticket 17; anything else names none. */
  public static long ticketId(RoutingContext ctx) {
    String value = ctx.pathParam("ref");
    Matcher m = ID_OR_REF.matcher(value == null ? "" : value);
    if (m.matches() && Long.parseLong(m.group(1)) > 0) {
      return Long.parseLong(m.group(1));
    }
    throw ApiError.notFound("No ticket " + value);
  }

  private void create(RoutingContext ctx) {
    Caller caller = caller(ctx);
    NewTicket n = TicketInput.create(ctx, caller);
    tickets.createRendered(caller, n)
        .onSuccess(t -> {
          ctx.response().putHeader("Location", "/api/tickets/" + t.value().ref());
          Responses.encoded(ctx, 201, t.json());
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Caller caller = caller(ctx);
    tickets.get(caller, ticketId(ctx))
        .compose(t -> tickets.hooks().extraFields(pool, t).map(extra -> tickets.json().render(t).mergeIn(extra))
            .compose(json -> caller.isStaff() ? withCreator(t, json) : Future.succeededFuture(json)))
        .compose(json -> dev.helpdesk.inbound.TicketCcs.render(pool, json))
        .onSuccess(json -> Responses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  /**
   * For staff: who opened the ticket on the requester's behalf ({@code createdBy}, null when the
   * requester did or it is not known). A requester sees only {@code openedByStaff}.
   */
  private Future<JsonObject> withCreator(Ticket t, JsonObject json) {
    Long id = t.createdById();
    if (id == null) {
      return Future.succeededFuture(json.putNull("createdBy"));
    }
    return pool.preparedQuery(CREATOR).execute(Tuple.of(id)).map(rows -> json.put("createdBy",
        new JsonObject().put("id", id).put("name", rows.size() == 0 ? null : rows.iterator().next().getString(0))));
  }

  private void update(RoutingContext ctx) {
    long id = ticketId(ctx);
    TicketPatch patch = TicketInput.patch(ctx);
    var ccs = dev.helpdesk.inbound.TicketCcs.read(ctx.body().asJsonObject());
    tickets.updateRendered(caller(ctx), id, patch)
        .compose(t -> dev.helpdesk.inbound.TicketCcs.replaceAndRender(pool, new io.vertx.core.json.JsonObject(t.json()), ccs))
        .onSuccess(json -> Responses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void merge(RoutingContext ctx) {
    long source = ticketId(ctx);
    JsonFields f = JsonFields.of(ctx, Set.of("into", "reopen"));
    String into = f.string("into", true, 1, 30);
    Boolean reopen = f.bool("reopen");
    Matcher m = ID_OR_REF.matcher(into == null ? "" : into);
    if (into != null && !m.matches()) {
      f.error("into", "must be a ticket ref such as TKT-009");
    }
    f.check();
    merges.mergeRendered(caller(ctx), source, Long.parseLong(m.group(1)), reopen)
        .onSuccess(t -> Responses.encoded(ctx, 200, t.json()))
        .onFailure(ctx::fail);
  }

  /** Every field change: who, when, old → new (the SLA's crossings included). */
  private void history(RoutingContext ctx) {
    tickets.get(caller(ctx), ticketId(ctx))
        .compose(t -> TicketHistory.list(pool, t.id()))
        .onSuccess(list -> Responses.ok(ctx, new JsonArray(list)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    tickets.delete(caller(ctx), ticketId(ctx))
        .onSuccess(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }
}
