package dev.helpdesk.macro;

import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.TicketRoutes;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Set;

/**
 * /api/macros and POST /api/tickets/{ref}/macros/{id}. Everyone on the staff sees the shared
 * macros and their own private ones; only admins create, change or delete shared ones; a
 * private macro is its owner's alone.
 */
public final class MacroRoutes {

  private final Pool pool;
  private final MacroService service;
  private final TicketService tickets;

  public MacroRoutes(Pool pool, MacroService service, TicketService tickets) {
    this.pool = pool;
    this.service = service;
    this.tickets = tickets;
  }

  public void mount(Router api) {
    api.get("/macros").handler(STAFF).handler(this::list);
    api.post("/macros").handler(STAFF).handler(this::create);
    api.patch("/macros/:id").handler(STAFF).handler(this::update);
    api.delete("/macros/:id").handler(STAFF).handler(this::delete);
    api.post("/tickets/:ref/macros/:id").handler(STAFF).handler(this::apply);
  }

  private void list(RoutingContext ctx) {
    MacroRepository.visible(pool, caller(ctx).id())
        .onSuccess(list -> Responses.ok(ctx, new JsonArray(list.stream().map(Macro::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Caller caller = caller(ctx);
    JsonFields f = JsonFields.of(ctx, MacroInput.FIELDS);
    String title = f.string("title", true, 1, 100);
    JsonObject message = MacroInput.message(f, f.object("message", false));
    JsonObject set = MacroInput.set(f, f.object("set", false));
    boolean shared = Boolean.TRUE.equals(f.bool("shared"));
    f.check();
    if (shared && !caller.isAdmin()) {
      throw ApiError.forbidden("Only admins create shared macros; leave shared false for a private one");
    }
    MacroRepository.insert(pool, caller.id(), title.strip(), message, set, shared)
        .onSuccess(m -> Responses.created(ctx, "/api/macros/" + m.id(), m.toJson()))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Caller caller = caller(ctx);
    long id = Params.pathId(ctx, "id", "macro");
    JsonFields f = JsonFields.of(ctx, MacroInput.FIELDS);
    String title = f.string("title", false, 1, 100);
    JsonObject message = MacroInput.message(f, f.object("message", false));
    JsonObject set = f.has("set") ? MacroInput.set(f, f.object("set", false)) : null;
    Boolean shared = f.bool("shared");
    f.check();
    editable(caller, id, shared)
        .map(m -> new Macro(m.id(), m.ownerId(), title != null ? title.strip() : m.title(),
            f.has("message") ? message : m.message(), set != null ? set : m.set(),
            shared != null ? shared : m.shared()))
        .compose(m -> MacroRepository.update(pool, m))
        .onSuccess(m -> Responses.ok(ctx, m.toJson()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "macro");
    editable(caller(ctx), id, null)
        .compose(m -> MacroRepository.delete(pool, id))
        .onSuccess(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  /** The macro if the caller may change it (and make it shared or private as asked). */
  private Future<Macro> editable(Caller caller, long id, Boolean shared) {
    return MacroRepository.find(pool, id, caller.id()).map(found -> {
      Macro m = found.orElseThrow(() -> ApiError.notFound("No macro " + id));
      if ((m.shared() || Boolean.TRUE.equals(shared)) && !caller.isAdmin()) {
        throw ApiError.forbidden("Only admins change shared macros");
      }
      if (!m.shared() && m.ownerId() != caller.id()) {
        throw ApiError.notFound("No macro " + id);
      }
      return m;
    });
  }

  private void apply(RoutingContext ctx) {
    long ticketId = TicketRoutes.ticketId(ctx);
    long macroId = Params.pathId(ctx, "id", "macro");
    JsonFields f = JsonFields.of(ctx, Set.of("version"));
    Integer version = f.integer("version", true);
    f.check();
    service.apply(caller(ctx), ticketId, macroId, version)
        .onSuccess(t -> Responses.ok(ctx, tickets.json().render(t)))
        .onFailure(ctx::fail);
  }
}
