package dev.helpdesk.live;

import static dev.helpdesk.live.LiveTesting.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wallboard: its counters, its read-only links and its live updates on every instance. */
class WallboardTest {

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();

  @BeforeEach
  void emptyDesk() {
    app.reset();
  }

  @Test
  void aWallboardLinkReadsTheWallboardAndNothingElse() {
    Api.Response link = app.admin().post("/api/wallboard/links", null);
    Fixtures.check(link, 201);
    String token = link.json().getString("token");
    assertThat(link.json().getString("url")).isEqualTo(app.baseUrl() + "/wallboard/#token=" + token);
    Api wall = new Api(other.baseUrl(), token);

    assertThat(wall.get("/api/wallboard").status()).isEqualTo(200);
    assertThat(wall.get("/api/tickets").status()).isEqualTo(401);
    assertThat(wall.get("/api/me").status()).isEqualTo(401);
    assertThat(wall.post("/api/wallboard/links", null).status()).isEqualTo(401);
    try (LiveClient socket = LiveClient.connect(other.baseUrl(), token)) {
      for (String topic : new String[] {"tickets", "ticket:TKT-001"}) {
        socket.send(frame("subscribe").put("topic", topic));
        assertThat(socket.next(f -> "error".equals(f.getString("type"))).getString("detail")).contains("wallboard");
      }
      socket.subscribe("wallboard");
      socket.nextEvent("wallboard.updated", d -> d.containsKey("open"));
    }
  }

  @Test
  void onlyAdminsCreateLinksAndOnlyStaffOrLinksReadTheWallboard() {
    Api admin = app.admin();
    Api agent = Fixtures.login(app, Fixtures.user(admin, "Ann Agent", "agent"));
    Api requester = Fixtures.login(app, Fixtures.user(admin, "Rob Req", "requester"));

    assertThat(agent.post("/api/wallboard/links", null).status()).isEqualTo(403);
    assertThat(agent.get("/api/wallboard").status()).isEqualTo(200);
    assertThat(requester.get("/api/wallboard").status()).isEqualTo(403);
    assertThat(app.anonymous().get("/api/wallboard").status()).isEqualTo(401);
    assertThat(new Api(app.baseUrl(), "forged").get("/api/wallboard").status()).isEqualTo(401);
  }

  @Test
  void theWallboardCountsTheQueue() {
    Api admin = app.admin();
    JsonObject carl = Fixtures.user(admin, "Carl Agent", "agent");
    JsonObject contact = Fixtures.contact(admin, "Zoe Quill");
    create(admin, contact, "urgent", null);
    create(admin, contact, "urgent", carl.getLong("id"));
    create(admin, contact, "low", carl.getLong("id"));
    JsonObject resolved = create(admin, contact, "high", null);
    Fixtures.check(admin.patch("/api/tickets/" + resolved.getString("ref"),
        new JsonObject().put("status", "resolved").put("version", 1)), 200);
    JsonObject pending = create(admin, contact, "medium", null);
    Fixtures.check(admin.patch("/api/tickets/" + pending.getString("ref"),
        new JsonObject().put("status", "pending").put("version", 1)), 200);

    JsonObject board = admin.get("/api/wallboard").json();

    JsonObject open = board.getJsonObject("open");
    assertThat(open.getLong("total")).isEqualTo(4);
    assertThat(open.getJsonObject("byStatus").getMap())
        .containsEntry("open", 3).containsEntry("pending", 1).containsEntry("in_progress", 0)
        .containsEntry("on_hold", 0).doesNotContainKey("resolved");
    assertThat(open.getJsonObject("byPriority").getMap())
        .containsEntry("urgent", 2).containsEntry("high", 0).containsEntry("medium", 1).containsEntry("low", 1);
    assertThat(board.getLong("urgentUnassigned")).isEqualTo(1);
    assertThat(board.getLong("slaBreaching")).isZero();
    assertThat(board.getLong("createdToday")).isEqualTo(5);
    assertThat(board.getLong("resolvedToday")).isEqualTo(1);
    assertThat(board.getJsonArray("hourly")).hasSize(12);
    assertThat(board.getJsonArray("hourly").getJsonObject(11).getLong("created")).isEqualTo(5);
    assertThat(board.getJsonArray("agents").stream().map(JsonObject.class::cast)
        .filter(a -> a.getLong("id").equals(carl.getLong("id"))).findFirst().orElseThrow().getLong("open"))
        .isEqualTo(2);
    assertThat(board.getJsonArray("ticker").getJsonObject(0).getString("ref")).isEqualTo(pending.getString("ref"));
  }

  @Test
  void aChangeOnOneInstanceUpdatesWallboardsOnTheOther() {
    Api admin = app.admin();
    String token = app.admin().post("/api/wallboard/links", null).json().getString("token");
    try (LiveClient wall = LiveClient.connect(other.baseUrl(), token)) {
      wall.subscribe("wallboard");
      wall.nextEvent("wallboard.updated", d -> d.getLong("urgentUnassigned") == 0);

      create(admin, Fixtures.contact(admin, "Ida Bell"), "urgent", null);

      JsonObject after = wall.nextEvent("wallboard.updated", d -> d.getLong("urgentUnassigned") == 1);
      assertThat(after.containsKey("id")).as("a wallboard update is not a replayable event").isFalse();
      assertThat(after.getJsonObject("data").getJsonObject("open").getLong("total")).isEqualTo(1);
    }
  }

  private static JsonObject create(Api admin, JsonObject contact, String priority, Long assignee) {
    JsonObject body = Fixtures.ticketBody("A " + priority + " matter", "contact", contact.getLong("id"))
        .put("priority", priority);
    if (assignee != null) {
      body.put("assignee", assignee);
    }
    Api.Response r = admin.post("/api/tickets", body);
    Fixtures.check(r, 201);
    return r.json();
  }
}
