package dev.helpdesk.sla;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import dev.helpdesk.ticket.AutoClose;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlaEngineTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Sla Sam");
  }

  @AfterEach
  void restoreDefaults() {
    check(admin.send("PUT", "/api/sla/policies", SlaPolicy.defaults().toJson().encode(), "application/json"), 200);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void policiesCanBeReadByStaffAndReplacedByAnAdmin() {
    JsonObject policy = admin.get("/api/sla/policies").json();
    assertThat(policy.getInteger("approachingPercent")).isEqualTo(25);
    assertThat(policy.getJsonArray("policies").getJsonObject(0).getLong("firstResponseSeconds")).isEqualTo(3600);

    JsonObject changed = policy.copy().put("approachingPercent", 50);
    changed.getJsonArray("policies").getJsonObject(0).put("firstResponseSeconds", 600);
    Api.Response put = admin.send("PUT", "/api/sla/policies", changed.encode(), "application/json");

    assertThat(put.status()).isEqualTo(200);
    assertThat(admin.get("/api/sla/policies").json().getInteger("approachingPercent")).isEqualTo(50);
    Api agent = Fixtures.login(app, Fixtures.user(admin, "Al", "agent"));
    assertThat(agent.get("/api/sla/policies").status()).isEqualTo(200);
    assertThat(agent.send("PUT", "/api/sla/policies", changed.encode(), "application/json").status()).isEqualTo(403);
  }

  @Test
  void badPoliciesAreRefusedNamingTheField() {
    JsonObject bad = SlaPolicy.defaults().toJson().put("approachingPercent", 0);
    bad.getJsonArray("policies").getJsonObject(1).put("resolutionSeconds", -5);
    bad.put("businessHours", new JsonObject().put("timeZone", "Mars/Olympus").put("week", new JsonObject()
        .put("monday", new JsonObject().put("start", "17:00").put("end", "09:00"))));

    Api.Response r = admin.send("PUT", "/api/sla/policies", bad.encode(), "application/json");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains("approachingPercent", "policies[1].resolutionSeconds", "businessHours.timeZone",
            "businessHours.week.monday");
    assertThat(admin.get("/api/sla/policies").json().getInteger("approachingPercent")).isEqualTo(25);
  }

  @Test
  void aNewPolicyRetargetsOpenTickets() {
    Fixtures.ticket(admin, "Open one", contact);
    JsonObject tight = SlaPolicy.defaults().toJson();
    for (Object p : tight.getJsonArray("policies")) {
      ((JsonObject) p).put("firstResponseSeconds", 60).put("resolutionSeconds", 120);
    }

    check(admin.send("PUT", "/api/sla/policies", tight.encode(), "application/json"), 200);

    JsonObject t = admin.get("/api/tickets/TKT-001").json();
    assertThat(Duration.between(java.time.Instant.parse(t.getString("createdAt")),
        java.time.Instant.parse(t.getJsonObject("sla").getString("firstResponseDueAt")))).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theWatcherAnnouncesACrossingExactlyOnceEvenWhenTwoRunAtOnce() throws Exception {
    Fixtures.ticket(admin, "About to breach", contact);
    app.execute("UPDATE tickets SET sla_breach_at = now() - interval '1 minute',"
        + " sla_warn_at = now() - interval '2 minutes' WHERE id = 1");
    SlaWatcher watcher = new SlaWatcher(app.app().pool(), app.app().services().tickets(),
        app.app().services().notifier());

    int a = await(watcher.checkOnce());
    int b = await(watcher.checkOnce());

    assertThat(a + b).isEqualTo(1);
    JsonObject t = admin.get("/api/tickets/TKT-001").json();
    assertThat(t.getJsonObject("sla").getString("state")).isEqualTo("breached");
    assertThat(app.queryLong("SELECT count(*) FROM messages WHERE body LIKE 'SLA breached%'")).isEqualTo(1);
    assertThat(app.queryLong("SELECT count(*) FROM ticket_changes WHERE field = 'sla' AND new_value = 'breached'"))
        .isEqualTo(1);
  }

  @Test
  void theRunningWatcherProducesAnEventWithinFiveSeconds() {
    Fixtures.ticket(admin, "Watched", contact);
    long before = app.queryLong("SELECT count(*) FROM events WHERE kind = 'ticket.updated'");
    app.execute("UPDATE tickets SET sla_warn_at = now() WHERE id = 1");

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
        app.queryLong("SELECT count(*) FROM events WHERE kind = 'ticket.updated'") > before);
    assertThat(admin.get("/api/tickets/TKT-001").json().getJsonObject("sla").getString("state"))
        .isEqualTo("approaching");
  }

  @Test
  void resolvedTicketsCloseThemselvesAfterTheConfiguredDays() throws Exception {
    Fixtures.ticket(admin, "Solved long ago", contact);
    Fixtures.ticket(admin, "Solved today", contact);
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "resolved")), 200);
    check(admin.patch("/api/tickets/TKT-002", new JsonObject().put("version", 1).put("status", "resolved")), 200);
    app.execute("UPDATE tickets SET resolved_at = now() - interval '5 days' WHERE id = 1");

    int closed = await(new AutoClose(app.app().pool(), app.app().services().tickets(), 4).closeDue());

    assertThat(closed).isEqualTo(1);
    assertThat(admin.get("/api/tickets/TKT-001").json().getString("status")).isEqualTo("closed");
    assertThat(admin.get("/api/tickets/TKT-002").json().getString("status")).isEqualTo("resolved");
    assertThat(admin.get("/api/tickets/TKT-001/messages").array().encode())
        .contains("Closed automatically 4 days after it was resolved.");
  }
}
