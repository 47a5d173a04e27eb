package dev.helpdesk.view;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Preset and saved-view counts kept in memory (ViewCounts): right after creates, updates that
 * move tickets in and out, deletes and merges; private and shared views, {@code agent:me} per
 * person; moved on a second instance by changes made on the first; pushed on the {@code counts}
 * topic; and without a count query per change (the keeper's own counter on /metrics).
 */
class ViewCountsTest {

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();
  private static final Pattern QUERIES = Pattern.compile("(?m)^helpdesk_view_count_queries_total(?:\\{[^}]*})? (\\S+)$");

  private Api admin;
  private Api alice;
  private Api bob;
  private long aliceId;
  private long bobId;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    JsonObject a = Fixtures.user(admin, "Alice Count", "agent");
    JsonObject b = Fixtures.user(admin, "Bob Count", "agent");
    aliceId = a.getLong("id");
    bobId = b.getLong("id");
    alice = Fixtures.login(app, a);
    bob = Fixtures.login(app, b);
    contact = Fixtures.contact(admin, "Counted Customer");
  }

  private static JsonObject view(String name, String query, boolean shared) {
    return new JsonObject().put("name", name).put("query", query).put("sort", "-created").put("shared", shared);
  }

  private String create(String subject, String priority, String category, Long assignee) {
    JsonObject body = Fixtures.ticketBody(subject, "contact", contact.getLong("id")).put("priority", priority)
        .put("category", category);
    if (assignee != null) {
      body.put("assignee", assignee);
    }
    Api.Response r = admin.post("/api/tickets", body);
    check(r, 201);
    return r.json().getString("ref");
  }

  private void patch(String ref, JsonObject change) {
    int version = admin.get("/api/tickets/" + ref).json().getInteger("version");
    check(admin.patch("/api/tickets/" + ref, change.put("version", version)), 200);
  }

  /** View name → count, as the keeper answers (on {@code app} or {@code other}). */
  private static Map<String, Long> viewCounts(TestApp on, Api api) {
    Api there = on == app ? api : new Api(on.baseUrl(), api.token());
    Map<String, Long> counts = new HashMap<>();
    there.get("/api/views").array().forEach(o -> counts.put(((JsonObject) o).getString("name"),
        ((JsonObject) o).getLong("count")));
    return counts;
  }

  private static Map<String, Long> presetCounts(Api api) {
    Map<String, Long> counts = new HashMap<>();
    api.get("/api/presets").array().forEach(o -> counts.put(((JsonObject) o).getString("name"),
        ((JsonObject) o).getLong("count")));
    return counts;
  }

  /** What a fresh query says: the list's total for the same tokens, as this person. */
  private static long fresh(Api api, String q) {
    return api.get("/api/tickets?limit=1&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).json().getLong("total");
  }

  private static double countQueries(TestApp on) {
    Matcher m = QUERIES.matcher(on.anonymous().get("/metrics").body());
    assertThat(m.find()).as("helpdesk_view_count_queries_total on /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void countsFollowCreatesUpdatesDeletesAndMergesWithoutACountQueryPerChange() {
    Map<String, String> queries = Map.of(
        "Theirs", "requester:" + contact.getString("email").toUpperCase(java.util.Locale.ROOT) + " priority:urgent",
        "Urgent open", "priority:urgent -status:closed,resolved",
        "Billing", "category:billing",
        "Mine", "agent:me -status:closed",
        "Unassigned high", "agent:none priority:high,urgent",
        "Printers", "subject:printer tag:test");
    check(alice.post("/api/views", view("Urgent open", queries.get("Urgent open"), false)), 201);
    check(alice.post("/api/views", view("Billing", queries.get("Billing"), true)), 201);
    check(alice.post("/api/views", view("Mine", queries.get("Mine"), false)), 201);
    check(bob.post("/api/views", view("Mine", queries.get("Mine"), false)), 201);
    check(bob.post("/api/views", view("Unassigned high", queries.get("Unassigned high"), true)), 201);
    check(alice.post("/api/views", view("Printers", queries.get("Printers"), false)), 201);
    check(bob.post("/api/views", view("Theirs", queries.get("Theirs"), false)), 201);

    // private stays private, shared is seen by all
    assertThat(viewCounts(app, alice).keySet()).containsExactlyInAnyOrder("Urgent open", "Billing", "Mine",
        "Unassigned high", "Printers");
    assertThat(viewCounts(app, bob).keySet()).containsExactlyInAnyOrder("Billing", "Mine", "Unassigned high",
        "Theirs");
    presetCounts(alice);
    presetCounts(bob);
    double before = countQueries(app);

    String t1 = create("Printer jams", "urgent", "billing", null);
    String t2 = create("Printer toner", "high", "general", aliceId);
    String t3 = create("VPN down", "low", "billing", bobId);
    String t4 = create("Printer offline", "urgent", "technical", null);
    assertAgree(queries);

    patch(t3, new JsonObject().put("priority", "urgent"));                 // into "Urgent open"
    patch(t1, new JsonObject().put("assignee", aliceId));                // out of "Unassigned high", into alice's Mine
    patch(t2, new JsonObject().put("status", "closed"));                   // out of alice's Mine
    patch(t4, new JsonObject().put("category", "billing").put("tags", new JsonArray().add("vip")));
    patch(t3, new JsonObject().put("assignee", aliceId));                // from bob's Mine to alice's
    assertAgree(queries);
    assertThat(viewCounts(app, alice)).containsEntry("Mine", 2L);
    assertThat(viewCounts(app, bob)).containsEntry("Mine", 0L);
    assertThat(presetCounts(alice)).containsEntry("my_open", 2L);
    assertThat(presetCounts(bob)).containsEntry("my_open", 0L);

    check(admin.delete("/api/tickets/" + t4), 204);
    String t5 = create("Printer again", "urgent", "billing", null);
    check(admin.post("/api/tickets/" + t5 + "/merge", new JsonObject().put("into", t1)), 200);
    assertAgree(queries);

    for (int i = 0; i < 10; i++) {
      patch(t3, new JsonObject().put("priority", i % 2 == 0 ? "low" : "urgent"));
    }
    assertAgree(queries);
    // 27 changes: the exact views were never counted again; only the SLA preset (it moves with
    // the clock, recounted at most every few seconds) and a delete's recount may have run
    assertThat(countQueries(app) - before).isLessThanOrEqualTo(4);
  }

  /** Every view of alice and bob and their presets equal a fresh count. */
  private void assertAgree(Map<String, String> queries) {
    for (Api api : List.of(alice, bob)) {
      viewCounts(app, api).forEach((name, count) ->
          assertThat(count).as("%s's view %s", api == alice ? "alice" : "bob", name)
              .isEqualTo(fresh(api, queries.get(name))));
      Map<String, Long> presets = presetCounts(api);
      assertThat(presets.get("my_open")).isEqualTo(fresh(api, "agent:me -status:closed"));
      assertThat(presets.get("urgent_unassigned")).isEqualTo(fresh(api, "priority:urgent agent:none -status:closed"));
    }
  }

  @Test
  void aChangeOnOneInstanceMovesTheCountsOfTheOtherAndIsPushedToItsFollowers() {
    check(alice.post("/api/views", view("Urgent", "priority:urgent", true)), 201);
    create("First urgent", "urgent", "general", null);
    assertThat(viewCounts(other, alice)).containsEntry("Urgent", 1L);
    double otherBefore;

    try (LiveClient live = LiveClient.connect(other, alice)) {
      live.subscribe("counts");
      JsonObject first = live.nextEvent("counts.updated", d -> d.getJsonObject("views").size() == 1);
      long viewId = alice.get("/api/views").array().getJsonObject(0).getLong("id");
      assertThat(first.getJsonObject("data").getJsonObject("views").getJsonObject(String.valueOf(viewId))
          .getLong("count")).isEqualTo(1);
      assertThat(first.getJsonObject("data").getJsonObject("presets").fieldNames())
          .contains("my_open", "urgent_unassigned", "sla_breaching");
      otherBefore = countQueries(other); // the sidebar's first counts are taken: from here on, deltas

      for (int i = 0; i < 5; i++) {
        create("More urgent " + i, "urgent", "general", null); // made on the first instance
      }
      live.nextEvent("counts.updated", d -> d.getJsonObject("views").getJsonObject(String.valueOf(viewId))
          .getLong("count") == 6);
      String low = create("Not urgent", "low", "general", null);
      patch(low, new JsonObject().put("priority", "urgent"));
      live.nextEvent("counts.updated", d -> d.getJsonObject("views").getJsonObject(String.valueOf(viewId))
          .getLong("count") == 7);
    }
    assertThat(viewCounts(other, alice)).containsEntry("Urgent", 7L);
    // 7 changes, none counted again (the SLA preset may have been recounted once: it moves with the clock)
    assertThat(countQueries(other) - otherBefore).isLessThanOrEqualTo(1);
  }

  @Test
  void freeWordsAreRecountedCoalescedAndRequestersMayNotFollowCounts() {
    check(alice.post("/api/views", view("Toner anywhere", "toner", false)), 201);
    create("Printer toner low", "medium", "general", null);
    assertThat(viewCounts(app, alice)).containsEntry("Toner anywhere", 1L);
    String other = create("Printer broken", "medium", "general", null);
    check(admin.post("/api/tickets/" + other + "/messages",
        new JsonObject().put("type", "note").put("body", "Needs new toner")), 201);
    // a word in the conversation cannot be judged from the ticket: recounted within a few seconds
    await().atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(viewCounts(app, alice)).containsEntry("Toner anywhere", 2L));

    JsonObject requester = Fixtures.user(admin, "Requester Count", "requester");
    try (LiveClient live = LiveClient.connect(app, Fixtures.login(app, requester))) {
      live.send(new JsonObject().put("type", "subscribe").put("topic", "counts"));
      JsonObject error = live.next(f -> "error".equals(f.getString("type")));
      assertThat(error.getString("detail")).contains("Only staff");
    }
  }
}
