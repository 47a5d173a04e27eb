package dev.helpdesk.audit;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;

import dev.helpdesk.db.Sql;
import dev.helpdesk.http.IdPage;
import dev.helpdesk.http.Responses;
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
    IdPage page = IdPage.of(ctx);
    pool.preparedQuery(PAGE).execute(Tuple.of(page.before(), page.fetch()))
        .onSuccess(rows -> Responses.ok(ctx, page.answer(Sql.list(rows, AuditRoutes::json))))
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
