package dev.helpdesk.session;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sessions end when asked, at once, on every instance, with their live sockets. */
class SessionsTest {

  private static final Logger log = LoggerFactory.getLogger(SessionsTest.class);

  private final TestApp app = TestApp.get();
  private final TestApp other = TestApp.second();
  private Api admin;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
  }

  /** Polls the other instance until it refuses the token; answers how long that took. */
  private static long refusedWithin(Api api, Duration limit) {
    long start = System.nanoTime();
    await().atMost(limit).pollInterval(Duration.ofMillis(5)).until(() -> api.get("/api/me").status() == 401);
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void signingOutEndsTheTokenOnEveryInstanceAndClosesItsSocketsWith4401() {
    JsonObject ann = Fixtures.user(admin, "Ann", "agent");
    Api here = Fixtures.login(app, ann);
    Api there = new Api(other.baseUrl(), here.token());
    Api elsewhere = Fixtures.login(app, ann); // another session of the same person stays
    assertThat(there.get("/api/me").status()).isEqualTo(200);
    try (LiveClient socketHere = LiveClient.connect(app, here);
         LiveClient socketThere = LiveClient.connect(other.baseUrl(), here.token());
         LiveClient otherSession = LiveClient.connect(other.baseUrl(), elsewhere.token())) {
      socketThere.subscribe("tickets");

      check(here.post("/api/auth/logout", null), 204);

      assertThat(here.get("/api/me").status()).isEqualTo(401);
      long ms = refusedWithin(there, Duration.ofSeconds(1));
      log.info("Sign-out in force on the second instance after {} ms", ms);
      assertThat(socketHere.awaitClose()).isEqualTo(4401);
      assertThat(socketThere.awaitClose()).isEqualTo(4401);
      assertThat(elsewhere.get("/api/me").status()).isEqualTo(200);
      assertThat(otherSession.isOpen()).isTrue();
    }
    assertThat(LiveClient.connect(app.baseUrl(), here.token()).awaitClose()).isEqualTo(4401);
  }

  @Test
  void signingOutEverywhereEndsEverySessionOfThatPerson() {
    JsonObject bo = Fixtures.user(admin, "Bo", "agent");
    Api one = Fixtures.login(app, bo);
    Api two = Fixtures.login(app, bo);
    try (LiveClient socket = LiveClient.connect(other.baseUrl(), two.token())) {
      check(one.post("/api/auth/logout-all", null), 204);
      assertThat(one.get("/api/me").status()).isEqualTo(401);
      log.info("Sign-out everywhere in force on the second instance after {} ms",
          refusedWithin(new Api(other.baseUrl(), two.token()), Duration.ofSeconds(1)));
      assertThat(socket.awaitClose()).isEqualTo(4401);
    }
    assertThat(admin.get("/api/me").status()).isEqualTo(200);
    check(Fixtures.login(app, bo).get("/api/me"), 200);
  }

  @Test
  void deactivationEndsEverySessionAndSocketAtOnceAndCountsTheOpenTickets() {
    JsonObject cy = Fixtures.user(admin, "Cy", "agent");
    Api agent = Fixtures.login(app, cy);
    JsonObject contact = Fixtures.contact(admin, "Customer");
    JsonObject ticket = admin.post("/api/tickets", Fixtures.ticketBody("Printer", "contact", contact.getLong("id"))
        .put("assignee", cy.getLong("id"))).json();
    try (LiveClient socket = LiveClient.connect(other.baseUrl(), agent.token())) {
      Api.Response r = admin.patch("/api/users/" + cy.getLong("id"), new JsonObject().put("active", false));

      check(r, 200);
      assertThat(r.json().getBoolean("active")).isFalse();
      assertThat(r.json().getInteger("openTickets")).isEqualTo(1);
      assertThat(agent.get("/api/me").status()).isEqualTo(401);
      log.info("Deactivation in force on the second instance after {} ms",
          refusedWithin(new Api(other.baseUrl(), agent.token()), Duration.ofSeconds(1)));
      assertThat(socket.awaitClose()).isEqualTo(4401);
    }
    assertThat(app.anonymous().post("/api/auth/login", new JsonObject().put("email", cy.getString("email"))
        .put("password", cy.getString("password"))).status()).isEqualTo(401);
    // until reassigned, the leaver's ticket shows under inactive agents
    JsonObject workload = admin.get("/api/agents/workload").json();
    assertThat(workload.getJsonArray("inactiveAgents").getJsonObject(0).getLong("open")).isEqualTo(1);
    assertThat(admin.get("/api/wallboard").json().getJsonArray("inactiveAgents").getJsonObject(0).getString("name"))
        .isEqualTo("Cy");

    Api.Response moved = admin.post("/api/users/" + cy.getLong("id") + "/reassign", new JsonObject().putNull("to"));
    check(moved, 200);
    assertThat(moved.json().getInteger("updated")).isEqualTo(1);
    assertThat(admin.get("/api/tickets/" + ticket.getString("ref")).json().getValue("assignee")).isNull();
    assertThat(admin.get("/api/agents/workload").json().getJsonArray("inactiveAgents")).isEmpty();
    assertThat(app.queryLong("SELECT count(*) FROM audit_log WHERE action IN ('user.deactivated',"
        + " 'user.tickets_reassigned')")).isEqualTo(2);

    check(admin.patch("/api/users/" + cy.getLong("id"), new JsonObject().put("active", true)), 200);
    check(Fixtures.login(app, cy).get("/api/me"), 200);
  }

  @Test
  void aRoleChangeTakesEffectAtOnceWithTheSameToken() {
    JsonObject di = Fixtures.user(admin, "Di", "agent");
    Api agent = Fixtures.login(app, di);
    Api there = new Api(other.baseUrl(), agent.token());
    assertThat(agent.get("/api/audit").status()).isEqualTo(403);

    check(admin.patch("/api/users/" + di.getLong("id"), new JsonObject().put("role", "admin")), 200);
    assertThat(agent.get("/api/audit").status()).isEqualTo(200);
    assertThat(agent.get("/api/me").json().getString("role")).isEqualTo("admin");
    await().atMost(Duration.ofSeconds(1)).until(() -> there.get("/api/audit").status() == 200);

    check(admin.patch("/api/users/" + di.getLong("id"), new JsonObject().put("role", "agent")), 200);
    assertThat(agent.get("/api/audit").status()).isEqualTo(403);
    await().atMost(Duration.ofSeconds(1)).until(() -> there.get("/api/audit").status() == 403);
    assertThat(app.queryLong("SELECT count(*) FROM audit_log WHERE action = 'user.role_changed'")).isEqualTo(2);
  }

  @Test
  void aPasswordChangeAsksForTheCurrentOneAndEndsEveryOtherSession() {
    JsonObject ed = Fixtures.user(admin, "Ed", "agent");
    Api current = Fixtures.login(app, ed);
    Api otherDevice = Fixtures.login(app, ed);
    try (LiveClient otherSocket = LiveClient.connect(other.baseUrl(), otherDevice.token());
         LiveClient ownSocket = LiveClient.connect(other.baseUrl(), current.token())) {
      Api.Response wrong = current.patch("/api/me", new JsonObject().put("currentPassword", "not-my-password")
          .put("newPassword", "a-new-long-password"));
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("currentPassword");
      Api.Response common = current.patch("/api/me", new JsonObject().put("currentPassword", ed.getString("password"))
          .put("newPassword", "qwertyuiop"));
      assertThat(common.status()).isEqualTo(400);
      assertThat(common.body()).contains("most common");

      check(current.patch("/api/me", new JsonObject().put("name", "Edward").put("currentPassword",
          ed.getString("password")).put("newPassword", "a-new-long-password")), 200);

      assertThat(current.get("/api/me").json().getString("name")).isEqualTo("Edward");
      assertThat(otherDevice.get("/api/me").status()).isEqualTo(401);
      log.info("Password change in force on the second instance after {} ms",
          refusedWithin(new Api(other.baseUrl(), otherDevice.token()), Duration.ofSeconds(1)));
      assertThat(otherSocket.awaitClose()).isEqualTo(4401);
      assertThat(ownSocket.isOpen()).isTrue();
    }
    assertThat(Api.login(app.baseUrl(), ed.getString("email"), "a-new-long-password").get("/api/me").status())
        .isEqualTo(200);
  }

  @Test
  void passwordsFollowTheRules() {
    for (String bad : new String[] {"short-1", "1234567890", "Password123", "qwertyuiop"}) {
      Api.Response r = admin.post("/api/users", new JsonObject().put("email", Fixtures.uniqueEmail("p"))
          .put("name", "P").put("role", "agent").put("password", bad));
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("password");
    }
    check(admin.post("/api/users", new JsonObject().put("email", Fixtures.uniqueEmail("p")).put("name", "P")
        .put("role", "agent").put("password", "correct horse battery")), 201);
  }

  @Test
  void aBusySessionIsCheckedFromTheCacheWithoutARoundTripPerRequest() {
    Api agent = Fixtures.login(app, Fixtures.user(admin, "Flo", "agent"));
    check(agent.get("/api/me"), 200);
    // every read of a session from the database also stamps last_seen_at: unchanged means not read
    String seen = app.queryString("SELECT last_seen_at::text FROM sessions WHERE subject = 'user:"
        + agent.get("/api/me").json().getLong("id") + "' ORDER BY created_at DESC LIMIT 1");
    for (int i = 0; i < 200; i++) {
      check(agent.get("/api/me"), 200);
    }
    assertThat(app.queryString("SELECT last_seen_at::text FROM sessions WHERE subject = 'user:"
        + agent.get("/api/me").json().getLong("id") + "' ORDER BY created_at DESC LIMIT 1")).isEqualTo(seen);
  }

  @Test
  void anOldTokenWithoutASessionIsRefused() {
    String old = app.app().services().tokens().issueSession(
        new dev.helpdesk.auth.Caller(1, dev.helpdesk.auth.Caller.Kind.USER, dev.helpdesk.auth.Role.ADMIN, "A", "a@x.y"));
    assertThat(new Api(app.baseUrl(), old).get("/api/me").status()).isEqualTo(401);
  }
}
