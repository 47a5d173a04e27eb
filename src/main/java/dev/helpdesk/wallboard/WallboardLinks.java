package dev.helpdesk.wallboard;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.audit.Audit;
import dev.helpdesk.auth.Caller;
import dev.helpdesk.db.Sql;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Named wallboard links: each token names its row ({@code lid}); GET /api/wallboard/links
 * lists the live ones with when a board last used them (to within a minute: a board is
 * checked once a minute, and when it connects), DELETE revokes one: refused at once on every
 * instance and its open boards disconnected (4401).
 */
public final class WallboardLinks {

  private static final String INSERT = "INSERT INTO wallboard_links (name, created_by)"
      + " VALUES (coalesce($1, 'Wallboard ' || (SELECT count(*) + 1 FROM wallboard_links)), $2)"
      + " RETURNING id, name, created_at, last_seen_at";
  private static final String LIST = "SELECT id, name, created_at, last_seen_at FROM wallboard_links"
      + " WHERE revoked_at IS NULL ORDER BY id";
  private static final String REVOKE = "UPDATE wallboard_links SET revoked_at = now() WHERE id = $1"
      + " AND revoked_at IS NULL RETURNING name";

  private final Pool pool;
  private final SessionStore sessions;

  public WallboardLinks(Pool pool, SessionStore sessions) {
    this.pool = pool;
    this.sessions = sessions;
  }

  public void mount(Router api) {
    api.get("/wallboard/links").handler(ADMIN).handler(this::list);
    api.delete("/wallboard/links/:id").handler(ADMIN).handler(this::revoke);
  }

  /** A new link's row, audited; the caller signs its token. */
  Future<JsonObject> create(RoutingContext ctx, Caller admin, String name) {
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT).execute(Tuple.of(name, admin.id()))
        .map(rows -> json(rows.iterator().next()))
        .compose(link -> Audit.record(tx, ctx, admin, "wallboard_link.created", "wallboard_link:" + link.getLong("id"),
            new JsonObject().put("name", link.getString("name"))).map(link)));
  }

  private void list(RoutingContext ctx) {
    pool.preparedQuery(LIST).execute()
        .onSuccess(rows -> Responses.ok(ctx, new JsonArray(Sql.list(rows, WallboardLinks::json))))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "wallboard link");
    pool.withTransaction(tx -> tx.preparedQuery(REVOKE).execute(Tuple.of(id)).compose(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("No wallboard link " + id);
          }
          return sessions.linkRevoked(tx, id)
              .compose(v -> Audit.record(tx, ctx, caller(ctx), "wallboard_link.revoked", "wallboard_link:" + id,
                  new JsonObject().put("name", rows.iterator().next().getString("name"))));
        }))
        .onSuccess(v -> {
          sessions.heard("wallboard:" + id);
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Row r) {
    var seen = r.getOffsetDateTime("last_seen_at");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("name", r.getString("name"))
        .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString())
        .put("lastSeenAt", seen == null ? null : seen.toInstant().toString());
  }
}
