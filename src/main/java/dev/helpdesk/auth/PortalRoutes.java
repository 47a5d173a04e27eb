package dev.helpdesk.auth;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import dev.helpdesk.mail.Notifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The requester portal's sign-in: an emailed link's token is exchanged, once, for a
 * requester session; a requester whose link is used up or expired asks for a new one.
 */
public final class PortalRoutes {

  private static final String USE_LINK = "INSERT INTO portal_links_used (jti, expires_at) VALUES ($1, $2)"
      + " ON CONFLICT (jti) DO NOTHING RETURNING jti";
  private static final String FORGET_EXPIRED = "DELETE FROM portal_links_used WHERE expires_at < now()";
  private static final String CONTACT = "SELECT id, name, email FROM contacts WHERE id = $1";
  private static final String USER = "SELECT id, name, email FROM users WHERE id = $1 AND active";
  private static final String BY_EMAIL = "SELECT 'contact' AS kind, id, name, email FROM contacts"
      + " WHERE lower(email) = lower($1) UNION ALL SELECT 'user', id, name, email FROM users"
      + " WHERE lower(email) = lower($1) AND active LIMIT 1";

  private final Pool pool;
  private final Tokens tokens;
  private final Notifier notifier;
  private java.util.function.Function<Caller, Future<String>> sessions;

  /** How an exchanged link starts its session (dev.helpdesk.session.SessionStore#start). */
  public PortalRoutes startSessionsWith(java.util.function.Function<Caller, Future<String>> start) {
    this.sessions = start;
    return this;
  }

  public PortalRoutes(Pool pool, Tokens tokens, Notifier notifier) {
    this.sessions = caller -> Future.succeededFuture(tokens.issueSession(caller));
    this.pool = pool;
    this.tokens = tokens;
    this.notifier = notifier;
  }

  /** Both routes work without a session: they are how a requester gets one. */
  public void mountPublic(Router api) {
    api.post("/auth/portal").handler(this::exchange);
    api.post("/auth/portal/link").handler(this::sendLink);
  }

  private void exchange(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("token"));
    String token = f.string("token", true, 1, 4096);
    f.check();
    tokens.verifyPortalLink(token)
        .compose(link -> pool.withTransaction(tx -> tx.query(FORGET_EXPIRED).execute()
            .compose(v -> tx.preparedQuery(USE_LINK).execute(
                Tuple.of(link.jti(), link.expiresAt().atOffset(ZoneOffset.UTC))))
            .map(rows -> {
              if (rows.size() == 0) {
                throw ApiError.unauthorized("This link was used already; ask for a new one");
              }
              return link;
            })))
        .compose(this::requester)
        .compose(caller -> sessions.apply(caller)
            .map(session -> new JsonObject().put("token", session).put("user", caller.toJson())))
        .onSuccess(body -> Responses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  private Future<Caller> requester(Tokens.PortalLink link) {
    String sql = link.kind() == Caller.Kind.CONTACT ? CONTACT : USER;
    return pool.preparedQuery(sql).execute(Tuple.of(link.id())).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.unauthorized("This link is no longer valid");
      }
      Row row = rows.iterator().next();
      // a portal session is always a requester's, even for a staff member who asked for help
      return new Caller(link.id(), link.kind(), Role.REQUESTER, row.getString("name"), row.getString("email"));
    });
  }

  /** Always 202, whether or not the address is known, so it cannot be used to probe for customers. */
  private void sendLink(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("email"));
    String email = f.email("email", true);
    f.check();
    pool.withTransaction(tx -> tx.preparedQuery(BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
          if (rows.size() == 0) {
            return Future.<Void>succeededFuture();
          }
          Row row = rows.iterator().next();
          String key = row.getString("kind") + ":" + row.getLong("id");
          return notifier.signInLink(tx, key, row.getString("name"), row.getString("email"));
        }))
        .onSuccess(v -> Responses.json(ctx, 202, new JsonObject()
            .put("detail", "If we know this address, a new link is on its way")))
        .onFailure(ctx::fail);
  }
}
