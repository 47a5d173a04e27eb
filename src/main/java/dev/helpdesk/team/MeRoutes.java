package dev.helpdesk.team;

import static dev.helpdesk.auth.AuthHandlers.caller;
import static dev.helpdesk.auth.AuthHandlers.sessionId;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import dev.helpdesk.people.User;
import dev.helpdesk.session.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/**
 * The profile and the ends of sessions: PATCH /api/me, POST /api/auth/logout and
 * /api/auth/logout-all; and, without a session, POST /api/auth/password-reset (always 202)
 * and POST /api/auth/password (a link's token and the new password).
 */
public final class MeRoutes {

  private static final int RESETS_PER_HOUR = 5;

  private final Vertx vertx;
  private final Pool pool;
  private final PasswordHasher hasher;
  private final SessionStore sessions;
  private final UserLinks links;

  public MeRoutes(Vertx vertx, Pool pool, PasswordHasher hasher, SessionStore sessions, UserLinks links) {
    this.vertx = vertx;
    this.pool = pool;
    this.hasher = hasher;
    this.sessions = sessions;
    this.links = links;
  }

  public void mountPublic(Router api) {
    api.post("/auth/password-reset").handler(this::askReset);
    api.post("/auth/password").handler(this::setPassword);
  }

  public void mount(Router api) {
    api.patch("/me").handler(this::updateMe);
    api.post("/auth/logout").handler(this::logout);
    api.post("/auth/logout-all").handler(this::logoutAll);
  }

  private void logout(RoutingContext ctx) {
    String sid = sessionId(ctx);
    pool.withTransaction(tx -> sessions.end(tx, sid, "signed out"))
        .onSuccess(v -> {
          sessions.heard("sid:" + sid);
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private void logoutAll(RoutingContext ctx) {
    String subject = caller(ctx).requesterKey();
    pool.withTransaction(tx -> sessions.endAll(tx, subject, null, "signed out everywhere"))
        .onSuccess(v -> {
          sessions.heard("subject:" + subject);
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  /** {@code {"name"?, "currentPassword"?, "newPassword"?}}: a new password ends every other session. */
  private void updateMe(RoutingContext ctx) {
    Caller me = caller(ctx);
    if (me.kind() != Caller.Kind.USER) {
      throw ApiError.forbidden("A portal session has no profile to change");
    }
    JsonFields f = JsonFields.of(ctx, Set.of("name", "currentPassword", "newPassword"));
    String name = f.string("name", false, 1, 200);
    String newPassword = PasswordRules.newPassword(f, "newPassword", false);
    String current = f.string("currentPassword", f.has("newPassword"), 1, PasswordRules.MAX_LENGTH);
    f.check();
    String sid = sessionId(ctx);
    Future<String> hash = newPassword == null ? Future.succeededFuture(null)
        : pool.preparedQuery(TeamSql.LOCK_USER.replace(" FOR UPDATE", "")).execute(Tuple.of(me.id()))
            .compose(rows -> dev.helpdesk.work.Workers.password(vertx, () -> {
              User user = User.from(rows.iterator().next());
              if (!hasher.verify(current, user.passwordHash())) {
                throw ApiError.invalid("currentPassword", "is not your current password");
              }
              return hasher.hash(newPassword);
            }));
    hash.compose(h -> pool.withTransaction(tx -> tx.preparedQuery(TeamSql.UPDATE_USER)
            .execute(Tuple.of(me.id(), name, null, null, h, null))
            .compose(rows -> (h == null ? Future.<Void>succeededFuture()
                : sessions.endAll(tx, me.requesterKey(), sid, "password changed"))
                .compose(v -> sessions.userChanged(tx, me.id()))
                .map(User.from(rows.iterator().next())))))
        .onSuccess(user -> {
          sessions.heard("user:" + me.id());
          Responses.ok(ctx, user.toJson());
        })
        .onFailure(ctx::fail);
  }

  /** Always the same answer, whether or not the address is a user's, so it cannot probe for accounts. */
  private void askReset(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("email"));
    String email = f.email("email", true);
    f.check();
    pool.withTransaction(tx -> tx.preparedQuery(TeamSql.ACTIVE_BY_EMAIL).execute(Tuple.of(email))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.<Void>succeededFuture();
              }
              User user = User.from(rows.iterator().next());
              return tx.preparedQuery(TeamSql.RECENT_RESETS).execute(Tuple.of(user.id()))
                  .compose(n -> n.iterator().next().getLong(0) >= RESETS_PER_HOUR ? Future.<Void>succeededFuture()
                      : links.send(tx, user.id(), "reset", user.name(), user.email()));
            }))
        .onSuccess(v -> Responses.json(ctx, 202, new JsonObject()
            .put("detail", "If this address belongs to an account, a link to choose a new password is on its way")))
        .onFailure(ctx::fail);
  }

  /** {@code {"token", "newPassword"}} from an invitation or reset link: used once; ends every session. */
  private void setPassword(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("token", "newPassword"));
    String token = f.string("token", true, 1, 200);
    String newPassword = PasswordRules.newPassword(f, "newPassword", true);
    f.check();
    dev.helpdesk.work.Workers.password(vertx, () -> hasher.hash(newPassword))
        .compose(hash -> pool.withTransaction(tx -> links.use(tx, token)
            .compose(used -> tx.preparedQuery(TeamSql.SET_PASSWORD).execute(Tuple.of(used.userId(), hash)))
            .compose(rows -> {
              if (rows.size() == 0) {
                throw ApiError.unauthorized("This account is deactivated");
              }
              User user = User.from(rows.iterator().next());
              return sessions.endAll(tx, "user:" + user.id(), null, "password set from a link").map(user);
            })))
        .onSuccess(user -> {
          sessions.heard("subject:user:" + user.id());
          Responses.ok(ctx, new JsonObject().put("email", user.email()).put("name", user.name()));
        })
        .onFailure(ctx::fail);
  }
}
