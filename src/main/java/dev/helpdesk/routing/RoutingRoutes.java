package dev.helpdesk.routing;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.audit.Audit;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET/PUT /api/routing/rules} (admin): the ordered list; {@code POST /api/routing/rules/preview}
 * (admin): which of the most recent tickets one rule would have matched, and which of them an
 * earlier rule would have taken first.
 */
public final class RoutingRoutes {

  static final int PREVIEW_DEFAULT = 100;
  static final int PREVIEW_MAX = 500;
  private static final String RECENT = "SELECT ref, subject, category, channel, priority, tags, created_at"
      + " FROM tickets ORDER BY created_at DESC, id DESC LIMIT $1";

  private final Pool pool;
  private final RoutingRules rules;

  public RoutingRoutes(Pool pool, RoutingRules rules) {
    this.pool = pool;
    this.rules = rules;
  }

  public void mount(Router api) {
    api.get("/routing/rules").handler(ADMIN).handler(this::list);
    api.put("/routing/rules").handler(ADMIN).handler(this::replace);
    api.post("/routing/rules/preview").handler(ADMIN).handler(this::preview);
  }

  private void list(RoutingContext ctx) {
    rules.reload().onSuccess(list -> Responses.ok(ctx, json(list))).onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    Object body = body(ctx);
    // [...] or {"rules": [...]}, with "expected": the list as this client last read it (409 if changed since)
    boolean wrapped = body instanceof JsonObject o && o.containsKey("rules")
        && o.fieldNames().stream().allMatch(k -> k.equals("rules") || k.equals("expected"));
    Object array = wrapped ? ((JsonObject) body).getValue("rules") : body;
    Object expected = wrapped ? ((JsonObject) body).getValue("expected") : null;
    // an admin action like any other: in the audit, in the transaction of the save
    rules.replace(array, expected, (tx, saved) -> Audit.record(tx, ctx, caller(ctx), "routing_rules.changed", "routing_rules",
            new JsonObject().put("rules", saved)))
        .onSuccess(list -> Responses.ok(ctx, json(list))).onFailure(ctx::fail);
  }

  private void preview(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, java.util.Set.of("rule", "position", "limit"));
    JsonObject ruleJson = f.object("rule", true);
    Integer position = f.integer("position", false);
    Integer limit = f.integer("limit", false);
    if (limit != null && (limit < 1 || limit > PREVIEW_MAX)) {
      f.error("limit", "must be 1 to " + PREVIEW_MAX);
    }
    if (position != null && position < 0) {
      f.error("position", "must be 0 or more");
    }
    f.check();
    List<RoutingRule> before = position == null ? List.of()
        : rules.current().subList(0, Math.min(position, rules.current().size()));
    int n = limit == null ? PREVIEW_DEFAULT : limit;
    rules.readOne(ruleJson)
        .compose(rule -> pool.preparedQuery(RECENT).execute(Tuple.of(n)).map(rows -> {
          JsonArray items = new JsonArray();
          int checked = 0;
          for (Row row : rows) {
            checked++;
            RoutingRule.Draft d = draft(row);
            if (!rule.when().matches(d)) {
              continue;
            }
            RoutingRule earlier = Routing.firstMatch(before, d);
            items.add(new JsonObject().put("ref", row.getString("ref")).put("subject", d.subject())
                .put("category", d.category().wire()).put("channel", d.channel().wire())
                .put("priority", d.priority().wire()).put("tags", new JsonArray(d.tags()))
                .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
                .put("takenBy", earlier == null ? null : earlier.name()));
          }
          return new JsonObject().put("checked", checked).put("matched", items.size()).put("items", items);
        }))
        .onSuccess(json -> Responses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private static RoutingRule.Draft draft(Row row) {
    String[] tags = row.getArrayOfStrings("tags");
    return new RoutingRule.Draft(row.getString("subject"),
        WireEnum.parse(Category.class, row.getString("category")).orElseThrow(),
        WireEnum.parse(Channel.class, row.getString("channel")).orElseThrow(),
        WireEnum.parse(Priority.class, row.getString("priority")).orElseThrow(),
        tags == null ? List.of() : List.of(tags));
  }

  private static JsonArray json(List<RoutingRule> list) {
    return new JsonArray(new ArrayList<>(list.stream().map(RoutingRule::toJson).toList()));
  }

  private static Object body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new ApiError(415, "Unsupported media type", "Send the body as application/json", List.of(), null);
    }
    String text = JsonFields.bodyText(ctx);
    if (text == null || text.isBlank()) {
      throw ApiError.badRequest("A JSON array of rules is required");
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      throw ApiError.badRequest("The body is not valid JSON");
    }
  }
}
