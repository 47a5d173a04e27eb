package dev.helpdesk.notify;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.sla.SlaWatcher;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who gets which notification, who never does, read state and preferences, over REST and the live feed. */
class NotificationsTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject alice;
  private JsonObject bob;
  private Api aliceApi;
  private Api bobApi;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    alice = Fixtures.user(admin, "Alice", "agent");
    bob = Fixtures.user(admin, "Bob", "agent");
    aliceApi = Fixtures.login(app, alice);
    bobApi = Fixtures.login(app, bob);
    contact = Fixtures.contact(admin, "Lea Müller");
    Fixtures.ticket(admin, "Printer jams", contact);
  }

  private JsonArray items(Api who) {
    Api.Response r = who.get("/api/notifications");
    check(r, 200);
    return r.json().getJsonArray("items");
  }

  private List<String> kinds(Api who) {
    return items(who).stream().map(o -> ((JsonObject) o).getString("kind")).toList();
  }

  private void assign(Api by, JsonObject to) {
    int version = by.get("/api/tickets/TKT-001").json().getInteger("version");
    check(by.patch("/api/tickets/TKT-001", new JsonObject().put("version", version).put("assignee", to.getLong("id"))),
        200);
  }

  @Test
  void theNewAssigneeIsNotifiedWithTheActorAndTheTicket() {
    assign(admin, alice);

    JsonObject list = aliceApi.get("/api/notifications").json();
    assertThat(list.getLong("unread")).isEqualTo(1);
    JsonObject n = list.getJsonArray("items").getJsonObject(0);
    assertThat(n.getString("kind")).isEqualTo("assigned");
    assertThat(n.getJsonObject("ticket").getString("ref")).isEqualTo("TKT-001");
    assertThat(n.getJsonObject("ticket").getString("subject")).isEqualTo("Printer jams");
    assertThat(n.getJsonObject("actor").getString("name")).isEqualTo(app.queryString(
        "SELECT name FROM users WHERE role = 'admin'"));
    assertThat(n.getString("readAt")).isNull();
    assertThat(kinds(bobApi)).isEmpty();
  }

  @Test
  void nobodyIsNotifiedOfAssigningThemself() {
    assign(aliceApi, alice);
    assertThat(kinds(aliceApi)).isEmpty();
  }

  @Test
  void theAssigneeHearsOfRequesterRepliesButNotOfStaffReplies() {
    JsonObject rita = Fixtures.user(admin, "Rita", "requester");
    Api ritaApi = Fixtures.login(app, rita);
    check(admin.post("/api/tickets", Fixtures.ticketBody("Rita's laptop", "user", rita.getLong("id"))
        .put("assignee", alice.getLong("id"))), 201);
    check(bobApi.post("/api/tickets/TKT-002/messages", new JsonObject().put("type", "reply").put("body", "On it")),
        201);
    check(ritaApi.post("/api/tickets/TKT-002/messages", new JsonObject().put("type", "reply").put("body", "Thanks")),
        201);

    assertThat(kinds(aliceApi)).containsExactly("requester_replied", "assigned");
    // a requester has no notifications at all
    assertThat(ritaApi.get("/api/notifications").status()).isEqualTo(403);
    assertThat(ritaApi.get("/api/me/preferences").status()).isEqualTo(403);
  }

  @Test
  void mentionsInNotesNotifyTheNamedStaffAndRepliesNeverDo() {
    String aliceHandle = alice.getString("email").split("@")[0];
    check(bobApi.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply")
        .put("body", "Hello @" + aliceHandle)), 201);
    assertThat(kinds(aliceApi)).isEmpty();

    check(bobApi.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "note")
        .put("body", "@" + aliceHandle + ", can you look? Also @" + bob.getString("email") + " and @nobody.")), 201);

    assertThat(kinds(aliceApi)).containsExactly("mentioned");
    assertThat(items(aliceApi).getJsonObject(0).getJsonObject("actor").getLong("id")).isEqualTo(bob.getLong("id"));
    assertThat(kinds(bobApi)).as("mentioning yourself is no notification").isEmpty();

    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "note")
        .put("body", "cc @" + bob.getString("email").toUpperCase())), 201);
    assertThat(kinds(bobApi)).containsExactly("mentioned");
  }

  @Test
  void mentionsOfARequesterNotifyNobody() {
    JsonObject rita = Fixtures.user(admin, "Rita", "requester");
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "note")
        .put("body", "ask @" + rita.getString("email"))), 201);
    assertThat(app.queryLong("SELECT count(*) FROM notifications")).isZero();
  }

  @Test
  void theAssigneeHearsWhenTheSlaTurnsApproachingAndBreached() throws Exception {
    assign(admin, alice);
    app.execute("UPDATE tickets SET sla_warn_at = now() - interval '1 minute' WHERE id = 1");
    SlaWatcher watcher = new SlaWatcher(app.app().pool(), app.app().services().tickets(),
        app.app().services().notifier());
    watcher.checkOnce().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    app.execute("UPDATE tickets SET sla_breach_at = now() - interval '1 second' WHERE id = 1");
    watcher.checkOnce().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(kinds(aliceApi)).containsExactly("sla_breached", "sla_approaching", "assigned");
    assertThat(kinds(bobApi)).isEmpty();
  }

  @Test
  void markingReadIsPerNotificationOrAllAndOnlyOwnOnes() {
    assign(admin, alice);
    assign(admin, bob);
    assign(admin, alice);
    List<Long> ids = items(aliceApi).stream().map(o -> ((JsonObject) o).getLong("id")).toList();
    long bobsId = items(bobApi).getJsonObject(0).getLong("id");

    Api.Response one = aliceApi.post("/api/notifications/read", new JsonObject().put("ids", new JsonArray()
        .add(ids.get(0)).add(bobsId)));
    check(one, 200);
    assertThat(one.json().getInteger("marked")).isEqualTo(1);
    assertThat(one.json().getLong("unread")).isEqualTo(1);
    assertThat(bobApi.get("/api/notifications?unread=true").json().getLong("unread")).isEqualTo(1);
    assertThat(aliceApi.get("/api/notifications?unread=true").json().getJsonArray("items")).hasSize(1);

    check(aliceApi.post("/api/notifications/read", new JsonObject().put("all", true)), 200);
    assertThat(aliceApi.get("/api/notifications").json().getLong("unread")).isZero();
    assertThat(items(aliceApi).getJsonObject(0).getString("readAt")).isNotNull();

    Api.Response bad = aliceApi.post("/api/notifications/read", new JsonObject());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"ids\"");
  }

  @Test
  void pagesAreNewestFirstWithACursor() {
    for (int i = 0; i < 3; i++) {
      assign(admin, i % 2 == 0 ? alice : bob);
    }
    assign(admin, alice);
    JsonObject first = aliceApi.get("/api/notifications?limit=1").json();
    assertThat(first.getJsonArray("items")).hasSize(1);
    String cursor = first.getString("nextCursor");
    assertThat(cursor).isNotNull();
    JsonObject second = aliceApi.get("/api/notifications?limit=1&cursor=" + cursor).json();
    assertThat(second.getJsonArray("items").getJsonObject(0).getLong("id"))
        .isLessThan(first.getJsonArray("items").getJsonObject(0).getLong("id"));
  }

  @Test
  void preferencesTurnOffInAppAndMailPerKind() {
    JsonObject defaults = aliceApi.get("/api/me/preferences").json();
    assertThat(defaults.getJsonObject("mail").getBoolean("assigned")).isTrue();
    assertThat(defaults.getJsonObject("mail").getBoolean("mentioned")).isFalse();
    assertThat(defaults.getJsonObject("inApp").getBoolean("mentioned")).isTrue();

    Api.Response put = aliceApi.send("PUT", "/api/me/preferences", new JsonObject()
        .put("mail", new JsonObject().put("assigned", false).put("mentioned", true))
        .put("inApp", new JsonObject().put("assigned", false)).encode(), "application/json");
    check(put, 200);
    assertThat(put.json().getJsonObject("mail").getBoolean("assigned")).isFalse();
    assertThat(put.json().getJsonObject("inApp").getBoolean("sla_breached")).isTrue();

    String email = alice.getString("email");
    long mailsBefore = app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + email + "'");
    assign(admin, alice);
    assertThat(kinds(aliceApi)).isEmpty();
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + email + "'")).isEqualTo(mailsBefore);

    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "note")
        .put("body", "see @" + email)), 201);
    assertThat(kinds(aliceApi)).containsExactly("mentioned");
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + email + "'"
        + " AND subject LIKE '%mentioned%'")).isEqualTo(1);

    // bob keeps the defaults: the assignment is mailed and shown
    assign(admin, bob);
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + bob.getString("email") + "'"))
        .isEqualTo(1);

    Api.Response bad = aliceApi.send("PUT", "/api/me/preferences", new JsonObject()
        .put("mail", new JsonObject().put("everything", true).put("assigned", "yes")).encode(), "application/json");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("mail.everything").contains("mail.assigned");
  }

  @Test
  void theLiveTopicBringsNotificationsToTheirRecipientOnly() {
    try (LiveClient aliceLive = LiveClient.connect(app, aliceApi);
         LiveClient bobLive = LiveClient.connect(app, bobApi);
         LiveClient adminLive = LiveClient.connect(app, admin)) {
      aliceLive.subscribe("notifications");
      bobLive.subscribe("notifications");
      adminLive.subscribe("notifications").subscribe("tickets").subscribe("ticket:TKT-001");

      assign(admin, alice);
      JsonObject event = aliceLive.nextEvent("notification.created", d -> true);
      assertThat(event.getString("topic")).isEqualTo("notifications");
      assertThat(event.getJsonObject("data").getJsonObject("ticket").getString("ref")).isEqualTo("TKT-001");

      assign(admin, bob);
      bobLive.nextEvent("notification.created", d -> true);
      adminLive.nextEvent("ticket.updated", d -> d.getJsonObject("assignee").getLong("id").equals(bob.getLong("id")));

      assertThat(aliceLive.events().stream().filter(e -> "notification.created".equals(e.getString("kind"))))
          .hasSize(1);
      assertThat(bobLive.events().stream().filter(e -> "notification.created".equals(e.getString("kind"))))
          .hasSize(1);
      assertThat(adminLive.events().stream().map(e -> e.getString("kind"))).doesNotContain("notification.created");
    }
  }

  @Test
  void aNotificationReachesItsRecipientOnAnotherInstance() {
    TestApp other = TestApp.second();
    try (LiveClient aliceLive = LiveClient.connect(other.baseUrl(), aliceApi.token())) {
      aliceLive.subscribe("notifications");
      assign(admin, alice);
      JsonObject event = aliceLive.nextEvent("notification.created", d -> "assigned".equals(d.getString("kind")));
      assertThat(event.getJsonObject("data").getJsonObject("ticket").getString("ref")).isEqualTo("TKT-001");
    }
  }

  @Test
  void aResumeReplaysOnlyOwnNotifications() {
    long after = app.queryLong("SELECT coalesce(max(id), 0) FROM events");
    assign(admin, alice);
    assign(admin, bob);
    try (LiveClient bobLive = LiveClient.connect(app, bobApi)) {
      bobLive.subscribe("notifications");
      bobLive.resume(after);
      assertThat(bobLive.events().stream().filter(e -> "notification.created".equals(e.getString("kind"))))
          .hasSize(1);
    }
  }

  @Test
  void requestersMayNotFollowNotifications() {
    JsonObject rita = Fixtures.user(admin, "Rita", "requester");
    try (LiveClient live = LiveClient.connect(app, Fixtures.login(app, rita))) {
      live.send(new JsonObject().put("type", "subscribe").put("topic", "notifications"));
      JsonObject answer = live.next(f -> "error".equals(f.getString("type")) || "subscribed".equals(f.getString("type")));
      assertThat(answer.getString("type")).isEqualTo("error");
      assertThat(answer.getString("detail")).contains("Only staff");
    }
  }
}
