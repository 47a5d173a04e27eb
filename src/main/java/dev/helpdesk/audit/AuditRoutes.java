package dev.helpdesk.audit;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;

import dev.helpdesk.db.Sql;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** GET /api/audit?limit=&cursor= (admin): newest first, keyset paged by id. */
public final class AuditRoutes {

  private static final String PAGE = "SELECT id, at, actor_id, actor_name, action, target, detail, address"
      + " FROM audit_log WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2";

  private final Pool pool;

  public AuditRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router api) {
    api.get("/audit").handler(ADMIN).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    int limit = Params.intParam(ctx, "limit", 50, 1, 200);
    String cursor = Params.string(ctx, "cursor", 20);
    Long before;
    try {
      before = cursor == null || cursor.isEmpty() ? null : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw ApiError.invalid("cursor", "must be the nextCursor of a previous page");
    }
    pool.preparedQuery(PAGE).execute(Tuple.of(before, limit + 1))
        .onSuccess(rows -> {
          var items = Sql.list(rows, AuditRoutes::json);
          String next = null;
          if (items.size() > limit) {
            items = items.subList(0, limit);
            next = String.valueOf(items.get(limit - 1).getLong("id"));
          }
          Responses.ok(ctx, new JsonObject().put("items", new JsonArray(items)).put("nextCursor", next));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Row r) {
    Object detail = r.getValue("detail");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("at", r.getOffsetDateTime("at").toInstant().toString())
        .put("actor", new JsonObject().put("id", r.getLong("actor_id")).put("name", r.getString("actor_name")))
        .put("action", r.getString("action"))
        .put("target", r.getString("target"))
        .put("detail", detail instanceof JsonObject o ? o : new JsonObject())
        .put("address", r.getString("address"));
  }
}
