package dev.helpdesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {

  private final TestApp app = TestApp.get();

  @BeforeEach
  void setUp() {
    app.reset();
  }

  @Test
  void theAdminFromConfigLogsInAndSeesThemself() {
    Api.Response login = app.anonymous().post("/api/auth/login",
        new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD));

    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().getJsonObject("user").getString("role")).isEqualTo("admin");
    Api admin = new Api(app.baseUrl(), login.json().getString("token"));
    JsonObject me = admin.get("/api/me").json();
    assertThat(me.getString("email")).isEqualTo(TestApp.ADMIN_EMAIL);
    assertThat(me.getString("role")).isEqualTo("admin");
  }

  @Test
  void emailIsCaseInsensitive() {
    Api.Response login = app.anonymous().post("/api/auth/login",
        new JsonObject().put("email", TestApp.ADMIN_EMAIL.toUpperCase()).put("password", TestApp.ADMIN_PASSWORD));
    assertThat(login.status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
    Api.Response wrongPassword = app.anonymous().post("/api/auth/login",
        new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", "nope-nope"));
    Api.Response unknownEmail = app.anonymous().post("/api/auth/login",
        new JsonObject().put("email", "nobody@test.example").put("password", "nope-nope"));

    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownEmail.status()).isEqualTo(401);
    assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
  }

  @Test
  void aDeactivatedUserCannotLogIn() {
    Api admin = app.admin();
    JsonObject agent = Fixtures.user(admin, "Leaver", "agent");
    admin.patch("/api/users/" + agent.getLong("id"), new JsonObject().put("active", false));

    Api.Response login = app.anonymous().post("/api/auth/login",
        new JsonObject().put("email", agent.getString("email")).put("password", agent.getString("password")));

    assertThat(login.status()).isEqualTo(401);
  }

  @Test
  void everyApiRouteNeedsAValidToken() {
    for (String path : new String[] {"/api/me", "/api/tickets", "/api/tickets/TKT-001", "/api/users", "/api/contacts"}) {
      Api.Response r = app.anonymous().get(path);
      assertThat(r.status()).as(path).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(new Api(app.baseUrl(), "not-a-jwt").get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void forgedTokensAreRefused() {
    String token = app.admin().token();
    String[] parts = token.split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String noneHeader = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String algNone = noneHeader + "." + parts[1] + ".";
    String tamperedPayload = b64.encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8).replace("\"admin\"", "\"agent\"").getBytes(StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + tamperedPayload + "." + parts[2];

    assertThat(new Api(app.baseUrl(), algNone).get("/api/me").status()).isEqualTo(401);
    assertThat(new Api(app.baseUrl(), tampered).get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void guessingPasswordsIsSlowedDownWith429() {
    JsonObject wrong = new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", "guess-guess");
    for (int i = 0; i < 10; i++) {
      assertThat(app.anonymous().post("/api/auth/login", wrong).status()).isEqualTo(401);
    }

    Api.Response limited = app.anonymous().post("/api/auth/login", wrong);
    Api.Response evenRight = app.anonymous().post("/api/auth/login",
        new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.contentType()).startsWith("application/problem+json");
    assertThat(limited.json().getString("detail")).contains("Too many");
    assertThat(evenRight.status()).isEqualTo(429);
    app.execute("DELETE FROM login_failures");
    assertThat(app.anonymous().post("/api/auth/login", new JsonObject().put("email", TestApp.ADMIN_EMAIL)
        .put("password", TestApp.ADMIN_PASSWORD)).status()).isEqualTo(200);
  }

  @Test
  void badLoginBodiesAreRefused() {
    Api.Response missing = app.anonymous().post("/api/auth/login", new JsonObject().put("email", "a@b.example"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("password");
    assertThat(app.anonymous().send("POST", "/api/auth/login", "nonsense", "application/json").status())
        .isEqualTo(400);
  }
}
