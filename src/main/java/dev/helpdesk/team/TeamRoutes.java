package dev.helpdesk.team;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.audit.Audit;
import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.auth.Role;
import dev.helpdesk.bulk.BulkRequest;
import dev.helpdesk.bulk.BulkService;
import dev.helpdesk.db.Sql;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.people.User;
import dev.helpdesk.routing.Routing;
import dev.helpdesk.routing.RoutingRule;
import dev.helpdesk.session.SessionStore;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Team page's API: POST /api/users (with a password, or an invitation by mail),
 * PATCH /api/users/{id} (name, role, active: in force at once on every instance),
 * POST /api/users/{id}/invitation (resend), POST /api/users/{id}/password-reset (mail a link),
 * POST /api/users/{id}/reassign (a leaver's open tickets). Every admin action is audited.
 */
public final class TeamRoutes {

  private static final Set<String> CREATE_FIELDS = Set.of("email", "name", "role", "password");
  private static final Set<String> PATCH_FIELDS = Set.of("email", "name", "role", "password", "active");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Pool pool;
  private final PasswordHasher hasher;
  private final SessionStore sessions;
  private final UserLinks links;
  private final BulkService bulk;
  private final Routing routing;

  public TeamRoutes(Vertx vertx, Pool pool, PasswordHasher hasher, SessionStore sessions, UserLinks links,
                    BulkService bulk, Routing routing) {
    this.routing = routing;
    this.vertx = vertx;
    this.pool = pool;
    this.hasher = hasher;
    this.sessions = sessions;
    this.links = links;
    this.bulk = bulk;
  }

  public void mount(Router api) {
    api.post("/users").handler(ADMIN).handler(this::create);
    api.patch("/users/:id").handler(this::update);
    api.post("/users/:id/invitation").handler(ADMIN).handler(this::resendInvitation);
    api.post("/users/:id/password-reset").handler(ADMIN).handler(this::sendReset);
    api.post("/users/:id/reassign").handler(ADMIN).handler(this::reassign);
  }

  private void create(RoutingContext ctx) {
    Caller admin = caller(ctx);
    JsonFields f = JsonFields.of(ctx, CREATE_FIELDS);
    String email = f.email("email", true);
    String name = f.string("name", true, 1, 200);
    Role role = f.enumValue("role", Role.class, true);
    String password = PasswordRules.newPassword(f, "password", false);
    boolean invite = !f.has("password") || f.isNull("password");
    f.check();
    dev.helpdesk.work.Workers.password(vertx, () -> hasher.hash(invite ? unguessable() : password))
        .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(TeamSql.INSERT_USER)
            .execute(Tuple.of(email, name, role.wire(), hash, invite))
            .map(rows -> User.from(rows.iterator().next()))
            .compose(user -> (invite ? links.send(tx, user.id(), "invite", name, email) : Future.<Void>succeededFuture())
                .compose(v -> Audit.record(tx, ctx, admin, invite ? "user.invited" : "user.created", target(user),
                    new JsonObject().put("email", email).put("role", role.wire())))
                .map(user))))
        .recover(e -> Sql.uniqueAs(e, "email", "is already used by another user"))
        .onSuccess(user -> Responses.created(ctx, "/api/users/" + user.id(), user.toJson()))
        .onFailure(ctx::fail);
  }

  /** Admins change anyone's name, role, state and password; others only their own name. */
  private void update(RoutingContext ctx) {
    Caller caller = caller(ctx);
    long id = Params.pathId(ctx, "id", "user");
    boolean self = caller.kind() == Caller.Kind.USER && caller.id() == id;
    if (!caller.isAdmin() && !self) {
      throw ApiError.forbidden("Only admins may change other users");
    }
    JsonFields f = JsonFields.of(ctx, PATCH_FIELDS);
    String email = f.email("email", false);
    String name = f.string("name", false, 1, 200);
    Role role = f.enumValue("role", Role.class, false);
    String password = PasswordRules.newPassword(f, "password", false);
    Boolean active = f.bool("active");
    if (!caller.isAdmin() && (email != null || role != null || active != null)) {
      f.error(email != null ? "email" : role != null ? "role" : "active", "may only be changed by an admin");
    }
    if (self && password != null) {
      f.error("password", "change your own password with PATCH /api/me, which asks for the current one");
    }
    if (self && (Boolean.FALSE.equals(active) || (role != null && role != caller.role()))) {
      f.error(role != null ? "role" : "active", "you cannot demote or deactivate yourself");
    }
    f.check();
    Future<String> hash = password == null ? Future.succeededFuture(null)
        : dev.helpdesk.work.Workers.password(vertx, () -> hasher.hash(password));
    List<String> heard = new ArrayList<>();
    hash.compose(h -> pool.withTransaction(tx -> tx.preparedQuery(TeamSql.LOCK_USER).execute(Tuple.of(id))
            .compose(rows -> {
              if (rows.size() == 0) {
                throw ApiError.notFound("No user " + id);
              }
              User before = User.from(rows.iterator().next());
              return tx.preparedQuery(TeamSql.UPDATE_USER)
                  .execute(Tuple.of(id, name, role == null ? null : role.wire(), active, h, email))
                  .map(r -> User.from(r.iterator().next()))
                  .compose(after -> effects(ctx, tx, caller, before, after, h != null, heard).map(after));
            })))
        .recover(e -> Sql.uniqueAs(e, "email", "is already used by another user"))
        .compose(user -> {
          heard.forEach(sessions::heard);
          JsonObject json = user.toJson();
          return user.active() ? Future.succeededFuture(json) : openTickets(user.id()).map(ids -> json
              .put("openTickets", ids.size()));
        })
        .onSuccess(json -> Responses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  /** What a change sets off: sessions ended, caches told, audit rows. */
  private Future<Void> effects(RoutingContext ctx, SqlClient tx, Caller actor, User before, User after,
                               boolean passwordSet, List<String> heard) {
    String subject = "user:" + after.id();
    Future<Void> chain = Future.succeededFuture();
    boolean deactivated = before.active() && !after.active();
    if (deactivated || passwordSet || (after.role() == Role.REQUESTER && before.role() != Role.REQUESTER)) {
      chain = chain.compose(v -> sessions.endAll(tx, subject, null,
          deactivated ? "deactivated" : passwordSet ? "password set by an admin" : "role changed"));
      heard.add("subject:" + subject);
    }
    chain = chain.compose(v -> sessions.userChanged(tx, after.id()));
    heard.add("user:" + after.id());
    if (!actor.isAdmin()) {
      return chain;
    }
    if (before.role() != after.role()) {
      chain = chain.compose(v -> Audit.record(tx, ctx, actor, "user.role_changed", target(after),
          new JsonObject().put("from", before.role().wire()).put("to", after.role().wire())));
    }
    if (before.active() != after.active()) {
      chain = chain.compose(v -> Audit.record(tx, ctx, actor, after.active() ? "user.reactivated" : "user.deactivated",
          target(after), null));
    }
    if (!before.name().equals(after.name())) {
      chain = chain.compose(v -> Audit.record(tx, ctx, actor, "user.renamed", target(after),
          new JsonObject().put("from", before.name()).put("to", after.name())));
    }
    if (!before.email().equals(after.email())) {
      chain = chain.compose(v -> Audit.record(tx, ctx, actor, "user.email_changed", target(after),
          new JsonObject().put("from", before.email()).put("to", after.email())));
    }
    if (passwordSet) {
      chain = chain.compose(v -> Audit.record(tx, ctx, actor, "user.password_set", target(after), null));
    }
    return chain;
  }

  private void resendInvitation(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "user");
    pool.withTransaction(tx -> lockUser(tx, id).compose(user -> {
          if (!user.invitationPending() || !user.active()) {
            throw ApiError.unprocessable(user.name() + " has already accepted the invitation; send a password reset instead");
          }
          return links.send(tx, id, "invite", user.name(), user.email())
              .compose(v -> Audit.record(tx, ctx, caller(ctx), "user.invitation_resent", target(user), null));
        }))
        .onSuccess(v -> Responses.json(ctx, 202, new JsonObject().put("detail", "The invitation is on its way")))
        .onFailure(ctx::fail);
  }

  private void sendReset(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "user");
    pool.withTransaction(tx -> lockUser(tx, id).compose(user -> {
          if (!user.active()) {
            throw ApiError.unprocessable(user.name() + " is deactivated; reactivate them first");
          }
          return links.send(tx, id, "reset", user.name(), user.email())
              .compose(v -> Audit.record(tx, ctx, caller(ctx), "user.password_reset_sent", target(user), null));
        }))
        .onSuccess(v -> Responses.json(ctx, 202, new JsonObject().put("detail", "A reset link is on its way")))
        .onFailure(ctx::fail);
  }

  /**
   * {@code {"to": <user id> | "routing" | null}}: every open ticket of the user goes to that agent,
   * to where the routing rules send it, or to nobody.
   */
  private void reassign(RoutingContext ctx) {
    Caller admin = caller(ctx);
    long id = Params.pathId(ctx, "id", "user");
    JsonFields f = JsonFields.of(ctx, Set.of("to"));
    if (!f.has("to")) {
      f.error("to", "is required: an agent's id, \"routing\" or null for nobody");
    }
    boolean byRules = "routing".equals(ctx.body().asJsonObject().getValue("to"));
    Long to = byRules || f.isNull("to") ? null : f.id("to", false);
    f.check();
    (byRules ? reassignByRules(admin, id) : openTickets(id).compose(ids -> reassignAll(admin, ids, to)))
        .compose(result -> pool.withTransaction(tx -> Audit.record(tx, ctx, admin, "user.tickets_reassigned",
            "user:" + id, new JsonObject().put("to", byRules ? "routing" : to).put("tickets", result.updated())))
            .map(result))
        .onSuccess(result -> Responses.ok(ctx, result.toJson()))
        .onFailure(ctx::fail);
  }

  private Future<BulkService.Result> reassignAll(Caller admin, List<Long> ids, Long to) {
    return ids.isEmpty() ? Future.succeededFuture(new BulkService.Result(0, 0, List.of()))
        : bulk.update(admin, ids, new BulkRequest.Change(null, null, null, true, to));
  }

  /** Each ticket asks the rules in turn (round robin takes turns), then each agent's share is one bulk change. */
  private Future<BulkService.Result> reassignByRules(Caller admin, long userId) {
    return pool.preparedQuery(TeamSql.OPEN_ASSIGNED_FOR_RULES).execute(Tuple.of(userId)).compose(rows -> {
      Map<Long, List<Long>> byAgent = new LinkedHashMap<>();
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        RoutingRule.Draft draft = new RoutingRule.Draft(row.getString("subject"),
            WireEnum.parse(Category.class, row.getString("category")).orElseThrow(),
            WireEnum.parse(Channel.class, row.getString("channel")).orElseThrow(),
            WireEnum.parse(Priority.class, row.getString("priority")).orElseThrow(),
            List.of(row.getArrayOfStrings("tags")));
        long ticketId = row.getLong("id");
        chain = chain.compose(v -> routing.assigneeFor(pool, draft))
            .map(agent -> {
              byAgent.computeIfAbsent(agent != null && agent != userId ? agent : null, k -> new ArrayList<>())
                  .add(ticketId);
              return null;
            });
      }
      return chain.map(v -> byAgent);
    }).compose(byAgent -> {
      List<BulkService.Result> results = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (Map.Entry<Long, List<Long>> share : byAgent.entrySet()) {
        chain = chain.compose(v -> reassignAll(admin, share.getValue(), share.getKey()).map(r -> {
          results.add(r);
          return null;
        }));
      }
      return chain.map(v -> sum(results));
    });
  }

  private static BulkService.Result sum(List<BulkService.Result> results) {
    List<BulkService.Failure> failed = new ArrayList<>();
    int updated = 0;
    int unchanged = 0;
    for (BulkService.Result r : results) {
      updated += r.updated();
      unchanged += r.unchanged();
      failed.addAll(r.failed());
    }
    return new BulkService.Result(updated, unchanged, failed);
  }

  private Future<List<Long>> openTickets(long userId) {
    return pool.preparedQuery(TeamSql.OPEN_ASSIGNED).execute(Tuple.of(userId))
        .map(rows -> Sql.list(rows, r -> r.getLong("id")));
  }

  private static Future<User> lockUser(SqlClient tx, long id) {
    return tx.preparedQuery(TeamSql.LOCK_USER).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("No user " + id);
      }
      return User.from(rows.iterator().next());
    });
  }

  static String target(User user) {
    return "user:" + user.id() + " " + user.email();
  }

  /** The password of an invited user until they choose one: nobody knows it. */
  private static String unguessable() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
