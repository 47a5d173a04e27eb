package dev.helpdesk.people;

import static dev.helpdesk.auth.AuthHandlers.STAFF;

import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.auth.Role;
import dev.helpdesk.db.Sql;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.domain.WireEnum;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** GET /api/users, GET /api/users/{id} and POST /api/contacts (the Team and contacts pages' other routes are in dev.helpdesk.team and ContactDirectory). */
public final class PeopleRoutes {

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
    api.get("/users/:id").handler(STAFF).handler(this::getUser);
    api.post("/contacts").handler(STAFF).handler(this::createContact);
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
