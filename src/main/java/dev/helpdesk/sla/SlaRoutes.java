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
    // the policy, optionally with "expected": the policy as this client last read it (409 if changed since)
    Object expectedValue = body.remove("expected");
    SlaPolicy expected = expectedValue == null ? null : expected(expectedValue);
    SlaPolicy policy = SlaPolicyReader.read(body);
    pool.withTransaction(tx -> SlaPolicyStore.lock(tx)
            .compose(stored -> unchangedSince(stored, expected)
                .compose(v -> SlaPolicyStore.save(tx, policy))
                // issue 12: every admin action in the audit, with what it changed
                .compose(v -> dev.helpdesk.audit.Audit.record(tx, ctx, caller(ctx), "sla_policy.changed", "sla_policy",
                    new JsonObject().put("changes", SlaChanges.between(stored, policy)).put("policy", policy.toJson())))))
        .onSuccess(v -> clock.use(policy))
        .compose(v -> retarget.all(caller(ctx)))
        .onSuccess(n -> Responses.ok(ctx, policy.toJson().put("retargeted", n)))
        .onFailure(ctx::fail);
  }

  /** "expected" read like a policy (the "retargeted" count of a PUT answer is ignored). */
  private static SlaPolicy expected(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw ApiError.invalid("expected", "must be the SLA policy as you last read it");
    }
    JsonObject copy = json.copy();
    copy.remove("retargeted");
    try {
      return SlaPolicyReader.read(copy);
    } catch (ApiError e) {
      throw ApiError.invalid("expected", "must be the SLA policy as you last read it");
    }
  }

  /**
   * Fails with 409 and the stored policy when another admin saved since the client read
   * {@code expected}: one admin's save never silently drops another's. Null: no check.
   */
  private static io.vertx.core.Future<Void> unchangedSince(SlaPolicy stored, SlaPolicy expected) {
    if (expected == null || expected.toJson().equals(stored.toJson())) {
      return io.vertx.core.Future.succeededFuture();
    }
    return io.vertx.core.Future.failedFuture(ApiError.conflict(
        "Another admin changed the SLA settings after you opened them. Look at their settings, then save yours again.",
        stored.toJson()));
  }
}
