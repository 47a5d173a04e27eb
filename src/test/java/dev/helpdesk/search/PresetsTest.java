package dev.helpdesk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sidebar presets: live counts, and the same tickets in the list, combined with a query. */
class PresetsTest {

  private final TestApp app = TestApp.get();

  @Test
  void presetsCountWhatTheirListsShowAndCombineWithAQuery() {
    app.reset();
    Api admin = app.admin();
    long me = admin.get("/api/me").json().getLong("id");
    JsonObject contact = Fixtures.contact(admin, "Preset Customer");
    String mine = create(admin, contact, "Mine printer", "medium", me);
    String mineClosed = create(admin, contact, "Mine but closed", "medium", me);
    String urgent = create(admin, contact, "Urgent nobody has", "urgent", null);
    create(admin, contact, "Urgent assigned", "urgent", me);
    String urgentClosed = create(admin, contact, "Urgent closed", "urgent", null);
    String late = create(admin, contact, "Late printer", "high", null);
    Fixtures.check(admin.patch("/api/tickets/" + mineClosed, new JsonObject().put("version", 1).put("status", "closed")),
        200);
    Fixtures.check(admin.patch("/api/tickets/" + urgentClosed, new JsonObject().put("version", 1)
        .put("status", "closed")), 200);
    // the clock of "Late printer" ran out an hour ago
    app.execute("UPDATE tickets SET sla_warn_at = now() - interval '2 hours', sla_breach_at = now() - interval '1 hour'"
        + " WHERE ref = '" + late + "'");

    Map<String, Long> counts = new HashMap<>();
    JsonArray presets = admin.get("/api/presets").array();
    presets.forEach(p -> counts.put(((JsonObject) p).getString("name"), ((JsonObject) p).getLong("count")));
    assertThat(presets.getJsonObject(0).getString("title")).isEqualTo("My Open Tickets");
    assertThat(counts).containsEntry("my_open", 2L).containsEntry("urgent_unassigned", 1L)
        .containsEntry("sla_breaching", 1L);

    assertThat(refs(admin.get("/api/tickets?preset=my_open").json())).containsExactlyInAnyOrder(mine,
        refOfSubject(admin, "Urgent assigned"));
    assertThat(refs(admin.get("/api/tickets?preset=urgent_unassigned").json())).containsExactly(urgent);
    assertThat(refs(admin.get("/api/tickets?preset=sla_breaching").json())).containsExactly(late);
    assertThat(refs(admin.get("/api/tickets?preset=my_open&q=printer").json())).containsExactly(mine);
    assertThat(admin.get("/api/tickets?preset=sla_breaching&q=printer").json().getLong("total")).isEqualTo(1);
    assertThat(admin.get("/api/tickets?preset=nope").status()).isEqualTo(400);
  }

  @Test
  void requestersDoNotGetPresets() {
    app.reset();
    Api admin = app.admin();
    JsonObject requester = Fixtures.user(admin, "Preset Requester", "requester");
    assertThat(Fixtures.login(app, requester).get("/api/presets").status()).isEqualTo(403);
  }

  private static String create(Api admin, JsonObject contact, String subject, String priority, Long assignee) {
    JsonObject body = Fixtures.ticketBody(subject, "contact", contact.getLong("id")).put("priority", priority);
    if (assignee != null) {
      body.put("assignee", assignee);
    }
    Api.Response r = admin.post("/api/tickets", body);
    Fixtures.check(r, 201);
    return r.json().getString("ref");
  }

  private static String refOfSubject(Api admin, String subject) {
    return refs(admin.get("/api/tickets?q=" + java.net.URLEncoder.encode("\"" + subject + "\"",
        java.nio.charset.StandardCharsets.UTF_8)).json()).get(0);
  }

  private static List<String> refs(JsonObject page) {
    return page.getJsonArray("items").stream().map(t -> ((JsonObject) t).getString("ref")).toList();
  }
}
