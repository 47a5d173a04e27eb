package dev.helpdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saving the SLA policy: a save on top of another admin's is refused, and the audit says what changed. */
class SlaPolicySaveTest {

  private final TestApp app = TestApp.get();
  private Api admin;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
  }

  private static JsonObject withTarget(JsonObject policy, String priority, String key, long seconds) {
    JsonObject copy = policy.copy();
    copy.remove("retargeted");
    for (Object o : copy.getJsonArray("policies")) {
      JsonObject p = (JsonObject) o;
      if (p.getString("priority").equals(priority)) {
        p.put(key, seconds);
      }
    }
    return copy;
  }

  private Api.Response put(Api who, JsonObject body) {
    return who.send("PUT", "/api/sla/policies", body.encode(), "application/json");
  }

  @Test
  void aSaveBasedOnSettingsAnotherAdminHasSinceChangedIsRefusedWithTheirs() {
    Api other = Fixtures.login(app, Fixtures.user(admin, "Olga Otheradmin", "admin"));
    JsonObject opened = admin.get("/api/sla/policies").json(); // both admins open the page
    JsonObject theirs = withTarget(opened, "urgent", "firstResponseSeconds", 7200)
        .put("businessHours", new JsonObject().put("timeZone", "Europe/Berlin")
            .put("week", new JsonObject().put("monday", new JsonObject().put("start", "09:00").put("end", "17:00")))
            .put("holidays", new JsonArray()));
    Fixtures.check(put(other, theirs.copy().put("expected", opened)), 200);

    JsonObject mine = withTarget(opened, "low", "resolutionSeconds", 86400);
    Api.Response stale = put(admin, mine.copy().put("expected", opened));

    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getString("detail")).contains("changed");
    JsonObject current = stale.json().getJsonObject("current");
    assertThat(current.getJsonObject("businessHours").getString("timeZone")).isEqualTo("Europe/Berlin");
    JsonObject stored = admin.get("/api/sla/policies").json();
    assertThat(stored.getJsonArray("policies").getJsonObject(0).getLong("firstResponseSeconds")).isEqualTo(7200);
    assertThat(stored.getJsonArray("policies").getJsonObject(3).getLong("resolutionSeconds")).isEqualTo(7 * 86400);

    // saving again on top of what is there now (a PUT answer, "retargeted" and all), or without "expected", goes through
    JsonObject merged = withTarget(current, "low", "resolutionSeconds", 86400);
    Api.Response saved = put(admin, merged.copy().put("expected", current));
    Fixtures.check(saved, 200);
    Fixtures.check(put(admin, withTarget(saved.json(), "low", "resolutionSeconds", 3 * 86400)
        .put("expected", saved.json())), 200);
    Fixtures.check(put(admin, withTarget(opened, "high", "firstResponseSeconds", 3600)), 200);
    assertThat(admin.get("/api/sla/policies").json().getValue("businessHours")).isNull();
  }

  @Test
  void anExpectedThatIsNoPolicyIsA400() {
    JsonObject opened = admin.get("/api/sla/policies").json();
    Api.Response r = put(admin, opened.copy().put("expected", "yesterday"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("expected");
  }

  @Test
  void theAuditEntrySaysWhatChanged() {
    JsonObject opened = admin.get("/api/sla/policies").json();
    JsonObject changed = withTarget(opened, "urgent", "firstResponseSeconds", 5400).put("approachingPercent", 30);
    Fixtures.check(put(admin, changed), 200);

    JsonObject entry = admin.get("/api/audit").json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> i.getString("action").equals("sla_policy.changed")).findFirst().orElseThrow();
    assertThat(entry.getJsonObject("detail").getJsonArray("changes").getList())
        .containsExactly("Urgent first response: 1 h → 1 h 30 min", "Approaching below: 25% → 30%");
  }
}
