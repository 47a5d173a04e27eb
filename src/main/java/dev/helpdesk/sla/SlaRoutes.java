package dev.helpdesk.sla;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;
import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * GET /api/sla/policies (staff) and PUT /api/sla/policies (admin). A new policy applies
 * to tickets not yet resolved from the moment it is saved: their due times are
 * recomputed from their creation under the new targets and calendar, keeping the time
 * they already spent paused; resolved and closed tickets keep the verdict they had.
 */
public final class SlaRoutes {

  private final Pool pool;
  private final SlaClock clock;
  private final SlaRetarget retarget;

  public SlaRoutes(Pool pool, SlaClock clock, TicketService tickets) {
    this.pool = pool;
    this.clock = clock;
    this.retarget = new SlaRetarget(pool, tickets);
  }

  public void mount(Router api) {
    api.get("/sla/policies").handler(STAFF).handler(ctx -> Responses.ok(ctx, clock.policy().toJson()));
    api.put("/sla/policies").handler(ADMIN).handler(this::replace);
  }

  private void replace(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new ApiError(415, "Unsupported media type", "Send the body as application/json", List.of(), null);
    }
    JsonObject body;
    try {
      body = new JsonObject(dev.helpdesk.http.JsonFields.bodyText(ctx));
    } catch (DecodeException | NullPointerException | ClassCastException e) {
      throw ApiError.badRequest("The body must be a JSON object");
    }
    SlaPolicy policy = SlaPolicyReader.read(body);
    pool.withTransaction(tx -> SlaPolicyStore.save(tx, policy)
            // issue 12: every admin action in the audit
            .compose(v -> dev.helpdesk.audit.Audit.record(tx, ctx, caller(ctx), "sla_policy.changed", "sla_policy",
                policy.toJson())))
        .onSuccess(v -> clock.use(policy))
        .compose(v -> retarget.all(caller(ctx)))
        .onSuccess(n -> Responses.ok(ctx, policy.toJson().put("retargeted", n)))
        .onFailure(ctx::fail);
  }
}
