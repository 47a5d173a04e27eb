package dev.helpdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.http.WireEnum;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SLA state computed in SQL (wallboard counts) agrees with SlaClock (ticket JSON), edges included. */
class SlaSqlTest {

  private static final TestApp app = TestApp.get();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static final String STATES = "SELECT t.id, t.priority, t.status, t.created_at, t.first_responded_at,"
      + " t.paused_seconds, t.paused_since, t.resolved_at, " + SlaSql.STATE + " AS state"
      + " FROM tickets t" + SlaSql.JOIN + " ORDER BY t.id";

  /** Ticket subject → its stored facts, minutes before NOW (null = not set). */
  private record Case(String priority, String status, long createdAgo, Long respondedAgo, long pausedSeconds,
                      Long pausedSinceAgo, Long resolvedAgo, String expected) {}

  @Test
  void sqlAndJavaAgreeOnEveryState() throws Exception {
    app.reset();
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("fresh", new Case("urgent", "open", 10, null, 0, null, null, "ok"));
    cases.put("exactly a quarter left", new Case("urgent", "open", 45, null, 0, null, null, "ok"));
    cases.put("under a quarter left", new Case("urgent", "open", 50, null, 0, null, null, "approaching"));
    cases.put("due this very second", new Case("urgent", "open", 60, null, 0, null, null, "approaching"));
    cases.put("past due", new Case("urgent", "open", 61, null, 0, null, null, "breached"));
    cases.put("answered, resolution running", new Case("urgent", "in_progress", 100, 70L, 0, null, null, "ok"));
    cases.put("answered, resolution close", new Case("urgent", "in_progress", 210, 190L, 0, null, null,
        "approaching"));
    cases.put("answered late", new Case("high", "in_progress", 300, 10L, 0, null, null, "breached"));
    cases.put("paused now", new Case("high", "pending", 300, null, 0, 120L, null, "paused"));
    cases.put("paused before", new Case("urgent", "open", 180, 160L, 7200, null, null, "ok"));
    cases.put("resolved in time", new Case("medium", "resolved", 600, 590L, 0, null, 300L, "met"));
    cases.put("closed late", new Case("low", "closed", 20_000, 19_990L, 0, null, 5L, "breached"));
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Sal Clock");
    Map<Long, String> subjects = new LinkedHashMap<>();
    for (Map.Entry<String, Case> c : cases.entrySet()) {
      long id = Fixtures.ticket(admin, c.getKey(), contact).getLong("id");
      subjects.put(id, c.getKey());
      store(id, c.getValue());
    }

    SlaClock clock = new SlaClock(Clock.fixed(NOW, ZoneOffset.UTC), SlaPolicy.defaults());
    var rows = app.app().pool().preparedQuery(STATES).execute(SlaSql.params(NOW, SlaPolicy.defaults()))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(rows.size()).isEqualTo(cases.size());
    for (Row row : rows) {
      String name = subjects.get(row.getLong("id"));
      String java = clock.compute(facts(row)).state().wire();
      assertThat(row.getString("state")).as(name).isEqualTo(java).isEqualTo(cases.get(name).expected());
    }
  }

  private static void store(long id, Case c) {
    app.execute("UPDATE tickets SET priority = '" + c.priority() + "', status = '" + c.status() + "',"
        + " created_at = " + ago(c.createdAgo()) + ", first_responded_at = " + ago(c.respondedAgo()) + ","
        + " paused_seconds = " + c.pausedSeconds() + ", paused_since = " + ago(c.pausedSinceAgo()) + ","
        + " resolved_at = " + ago(c.resolvedAgo()) + " WHERE id = " + id);
  }

  private static String ago(Long minutes) {
    return minutes == null ? "NULL" : "'" + NOW.minus(Duration.ofMinutes(minutes)) + "'::timestamptz";
  }

  private static SlaClock.Facts facts(Row row) {
    return new SlaClock.Facts(
        WireEnum.parse(Priority.class, row.getString("priority")).orElseThrow(),
        WireEnum.parse(Status.class, row.getString("status")).orElseThrow(),
        instant(row, "created_at"), instant(row, "first_responded_at"), row.getLong("paused_seconds"),
        instant(row, "paused_since"), instant(row, "resolved_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }
}
