package dev.helpdesk.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeopleTest {

  private final TestApp app = TestApp.get();
  private Api admin;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
  }

  @Test
  void adminCreatesUsersWhoCanLogIn() {
    JsonObject agent = Fixtures.user(admin, "Alice", "agent");

    Api alice = Fixtures.login(app, agent);

    assertThat(agent.getString("role")).isEqualTo("agent");
    assertThat(agent.containsKey("passwordHash")).isFalse();
    assertThat(alice.get("/api/me").json().getString("name")).isEqualTo("Alice");
  }

  @Test
  void userListFiltersByRoleAndName() {
    Fixtures.user(admin, "Alice", "agent");
    Fixtures.user(admin, "Rita", "requester");

    JsonArray agents = admin.get("/api/users?role=agent").array();
    JsonArray byName = admin.get("/api/users?q=rit").array();

    assertThat(agents.stream().map(u -> ((JsonObject) u).getString("name")).toList()).containsExactly("Alice");
    assertThat(byName.stream().map(u -> ((JsonObject) u).getString("name")).toList()).containsExactly("Rita");
    assertThat(admin.get("/api/users?role=boss").status()).isEqualTo(400);
  }

  @Test
  void aDuplicateEmailIsAConflictNamingTheField() {
    JsonObject agent = Fixtures.user(admin, "Alice", "agent");

    Api.Response r = admin.post("/api/users", new JsonObject().put("email", agent.getString("email").toUpperCase())
        .put("name", "Other").put("role", "agent").put("password", "a-good-password-1"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("email");
  }

  @Test
  void badUserBodiesAreRefused() {
    Api.Response r = admin.post("/api/users", new JsonObject().put("email", "not-an-email").put("name", "")
        .put("role", "boss").put("password", "short"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactlyInAnyOrder("email", "name", "role", "password");
    assertThat(app.queryLong("SELECT count(*) FROM users")).isEqualTo(1);
  }

  @Test
  void usersMayRenameThemselvesButNotPromoteThemselves() {
    JsonObject agent = Fixtures.user(admin, "Alice", "agent");
    JsonObject other = Fixtures.user(admin, "Bob", "agent");
    Api alice = Fixtures.login(app, agent);
    String self = "/api/users/" + agent.getLong("id");

    assertThat(alice.patch(self, new JsonObject().put("name", "Alice M.")).json().getString("name"))
        .isEqualTo("Alice M.");
    assertThat(alice.patch(self, new JsonObject().put("role", "admin")).status()).isEqualTo(400);
    assertThat(alice.patch("/api/users/" + other.getLong("id"), new JsonObject().put("name", "X")).status())
        .isEqualTo(403);
    assertThat(admin.patch("/api/users/999999", new JsonObject().put("name", "X")).status()).isEqualTo(404);
  }

  @Test
  void contactsAreCreatedSearchedAndRead() {
    Api.Response created = admin.post("/api/contacts", new JsonObject().put("email", "Ann.King@Acme.example")
        .put("name", "Ann King").put("phone", "+44 20 1234").put("company", "Acme"));
    Fixtures.contact(admin, "Bruno Silva");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.location()).isEqualTo("/api/contacts/" + created.json().getLong("id"));
    assertThat(created.json().getString("email")).isEqualTo("ann.king@acme.example");
    JsonArray found = admin.get("/api/contacts?q=acme").json().getJsonArray("items");
    assertThat(found.size()).isEqualTo(1);
    assertThat(found.getJsonObject(0).getString("name")).isEqualTo("Ann King");
    assertThat(admin.get("/api/contacts?q=100%25").json().getJsonArray("items")).isEmpty();
    assertThat(admin.get("/api/contacts/" + created.json().getLong("id")).json().getString("company")).isEqualTo("Acme");
    assertThat(admin.get("/api/contacts/999999").status()).isEqualTo(404);
    assertThat(admin.post("/api/contacts", new JsonObject().put("email", "ann.king@acme.example").put("name", "Dup"))
        .status()).isEqualTo(409);
    assertThat(admin.post("/api/contacts", new JsonObject().put("name", "No email")).status()).isEqualTo(400);
  }
}
