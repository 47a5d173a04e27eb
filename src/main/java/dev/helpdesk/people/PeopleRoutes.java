package dev.helpdesk.people;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;
import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.auth.Role;
import dev.helpdesk.db.Sql;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.domain.WireEnum;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** /api/users and /api/contacts. */
public final class PeopleRoutes {

  private static final Set<String> USER_FIELDS = Set.of("email", "name", "role", "password", "active");
  private static final Set<String> CONTACT_FIELDS = Set.of("email", "name", "phone", "company");

  private final Vertx vertx;
  private final UserRepository users;
  private final ContactRepository contacts;
  private final PasswordHasher hasher;

  public PeopleRoutes(Vertx vertx, UserRepository users, ContactRepository contacts, PasswordHasher hasher) {
    this.vertx = vertx;
    this.users = users;
    this.contacts = contacts;
    this.hasher = hasher;
  }

  public void mount(Router api) {
    api.get("/users").handler(STAFF).handler(this::listUsers);
    api.post("/users").handler(ADMIN).handler(this::createUser);
    api.get("/users/:id").handler(STAFF).handler(this::getUser);
    api.patch("/users/:id").handler(this::updateUser);
    api.get("/contacts").handler(STAFF).handler(this::listContacts);
    api.post("/contacts").handler(STAFF).handler(this::createContact);
    api.get("/contacts/:id").handler(STAFF).handler(this::getContact);
  }

  private void listUsers(RoutingContext ctx) {
    String roleParam = ctx.request().getParam("role");
    Role role = roleParam == null ? null : WireEnum.parse(Role.class, roleParam)
        .orElseThrow(() -> ApiError.invalid("role", "must be one of " + WireEnum.choices(Role.class)));
    String q = Params.string(ctx, "q", 200);
    int limit = Params.intParam(ctx, "limit", 100, 1, 500);
    users.search(role, q, limit)
        .onSuccess(list -> Responses.ok(ctx, new JsonArray(list.stream().map(User::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void getUser(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "user");
    users.findById(id)
        .map(user -> user.orElseThrow(() -> ApiError.notFound("No user " + id)))
        .onSuccess(user -> Responses.ok(ctx, user.toJson()))
        .onFailure(ctx::fail);
  }

  private void createUser(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, USER_FIELDS);
    String email = f.email("email", true);
    String name = f.string("name", true, 1, 200);
    Role role = f.enumValue("role", Role.class, true);
    String password = password(f, true);
    f.check();
    dev.helpdesk.work.Workers.password(vertx, () -> hasher.hash(password))
        .compose(hash -> users.insert(email, name, role, hash))
        .recover(e -> Sql.uniqueAs(e, "email", "is already used by another user"))
        .onSuccess(user -> Responses.created(ctx, "/api/users/" + user.id(), user.toJson()))
        .onFailure(ctx::fail);
  }

  /** Admins may change anyone; others only their own name and password. */
  private void updateUser(RoutingContext ctx) {
    Caller caller = caller(ctx);
    long id = Params.pathId(ctx, "id", "user");
    boolean self = caller.kind() == Caller.Kind.USER && caller.id() == id;
    if (!caller.isAdmin() && !self) {
      throw ApiError.forbidden("Only admins may change other users");
    }
    JsonFields f = JsonFields.of(ctx, USER_FIELDS);
    String email = f.email("email", false);
    String name = f.string("name", false, 1, 200);
    Role role = f.enumValue("role", Role.class, false);
    String password = password(f, false);
    Boolean active = f.bool("active");
    if (!caller.isAdmin() && (email != null || role != null || active != null)) {
      f.error(email != null ? "email" : role != null ? "role" : "active", "may only be changed by an admin");
    }
    if (self && (Boolean.FALSE.equals(active) || (role != null && role != caller.role()))) {
      f.error(role != null ? "role" : "active", "you cannot demote or deactivate yourself");
    }
    f.check();
    Future<String> hash = password == null
        ? Future.succeededFuture(null)
        : dev.helpdesk.work.Workers.password(vertx, () -> hasher.hash(password));
    hash.compose(h -> users.update(id, email, name, role, h, active))
        .recover(e -> Sql.uniqueAs(e, "email", "is already used by another user"))
        .map(user -> user.orElseThrow(() -> ApiError.notFound("No user " + id)))
        .onSuccess(user -> Responses.ok(ctx, user.toJson()))
        .onFailure(ctx::fail);
  }

  private static String password(JsonFields f, boolean required) {
    return f.string("password", required, 8, 200);
  }

  private void listContacts(RoutingContext ctx) {
    String q = Params.string(ctx, "q", 200);
    int limit = Params.intParam(ctx, "limit", 20, 1, 200);
    contacts.search(q, limit)
        .onSuccess(list -> Responses.ok(ctx, new JsonArray(list.stream().map(Contact::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void getContact(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "contact");
    contacts.findById(id)
        .map(c -> c.orElseThrow(() -> ApiError.notFound("No contact " + id)))
        .onSuccess(c -> Responses.ok(ctx, c.toJson()))
        .onFailure(ctx::fail);
  }

  private void createContact(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, CONTACT_FIELDS);
    String email = f.email("email", true);
    String name = f.string("name", true, 1, 200);
    String phone = f.string("phone", false, 0, 50);
    String company = f.string("company", false, 0, 200);
    f.check();
    contacts.insert(email, name, emptyToNull(phone), emptyToNull(company))
        .recover(e -> Sql.uniqueAs(e, "email", "is already used by another contact"))
        .onSuccess(c -> Responses.created(ctx, "/api/contacts/" + c.id(), c.toJson()))
        .onFailure(ctx::fail);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
