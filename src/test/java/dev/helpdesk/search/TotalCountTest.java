package dev.helpdesk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** total is exact up to 10,000 matches, an estimate (flagged) above, in the list and the presets. */
class TotalCountTest {

  private final TestApp app = TestApp.get();

  @Test
  void totalIsExactUpToTenThousandAndAFlaggedEstimateAbove() {
    app.reset();
    Api admin = app.admin();
    long contact = Fixtures.contact(admin, "Counted").getLong("id");
    app.execute("INSERT INTO tickets (subject, priority, category, channel, requester_contact_id, sla_first_due_at,"
        + " sla_resolution_due_at, sla_warn_at, sla_breach_at) SELECT CASE WHEN g <= 10000 THEN 'Exact case ' ELSE 'Over case ' END"
        + " || g, CASE WHEN g <= 10000 THEN 'low' ELSE 'urgent' END, 'general', 'web', " + contact + ","
        + " now() + interval '1 day', now() + interval '7 days', now() + interval '18 hours', now() + interval '1 day'"
        + " FROM generate_series(1, 10050) g", "ANALYZE tickets");

    JsonObject exact = admin.get("/api/tickets?q=priority:low&limit=5").json();
    assertThat(exact.getLong("total")).isEqualTo(10_000);
    assertThat(exact.getBoolean("totalIsEstimate")).isFalse();
    assertThat(exact.getJsonArray("items")).hasSize(5);
    assertThat(exact.getString("nextCursor")).isNotNull();

    JsonObject all = admin.get("/api/tickets?limit=5").json();
    assertThat(all.getBoolean("totalIsEstimate")).isTrue();
    assertThat(all.getLong("total")).isGreaterThan(10_000);
    assertThat(all.getJsonArray("items")).hasSize(5);

    JsonObject second = admin.get("/api/tickets?limit=5&cursor=" + all.getString("nextCursor")).json();
    assertThat(second.getJsonArray("items")).hasSize(5);
    assertThat(second.getBoolean("totalIsEstimate")).isTrue();

    JsonObject small = admin.get("/api/tickets?q=over&limit=200").json();
    assertThat(small.getLong("total")).isEqualTo(50);
    assertThat(small.getJsonArray("items")).hasSize(50);
    assertThat(small.getString("nextCursor")).isNull();

    // one word, and one word with a token, as many as the exact limit: counted, not estimated
    for (String words : new String[] {"exact", "priority:low exact", "subject:exact", "priority:low subject:exact"}) {
      JsonObject byWord = admin.get("/api/tickets?limit=5&q=" + words.replace(" ", "%20")).json();
      assertThat(byWord.getLong("total")).as(words).isEqualTo(10_000);
      assertThat(byWord.getBoolean("totalIsEstimate")).as(words).isFalse();
      assertThat(byWord.getJsonArray("items")).as(words).hasSize(5);
    }

    JsonObject overWithToken = admin.get("/api/tickets?limit=100&q=priority:urgent%20subject:over").json();
    assertThat(overWithToken.getLong("total")).isEqualTo(50);
    assertThat(overWithToken.getJsonArray("items")).hasSize(50);
    assertThat(admin.get("/api/tickets?limit=5&q=priority:low%20subject:over").json().getLong("total")).isZero();

    // a subject word in every ticket: more than the limit, its page read along the sort's index
    JsonObject everyWhere = admin.get("/api/tickets?limit=5&q=agent:none%20subject:case").json();
    assertThat(everyWhere.getBoolean("totalIsEstimate")).isTrue();
    assertThat(everyWhere.getJsonArray("items")).hasSize(5);
    assertThat(everyWhere.getJsonArray("items").getJsonObject(0).getString("subject")).isEqualTo("Over case 10050");
    JsonObject next = admin.get("/api/tickets?limit=5&q=agent:none%20subject:case&cursor="
        + everyWhere.getString("nextCursor")).json();
    assertThat(next.getJsonArray("items").getJsonObject(0).getString("subject")).isEqualTo("Over case 10045");

    JsonObject urgent = admin.get("/api/presets").array().stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("name").equals("urgent_unassigned")).findFirst().orElseThrow();
    assertThat(urgent.getLong("count")).isEqualTo(50);
    assertThat(urgent.getBoolean("countIsEstimate")).isFalse();
  }
}
