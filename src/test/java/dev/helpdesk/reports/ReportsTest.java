package dev.helpdesk.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.sla.BusinessHours;
import dev.helpdesk.sla.WorkCalendar;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every figure of every grouping equals a direct count over a generated desk (computed here
 * from the tickets themselves, independently of the roll-ups), before and after changes made
 * through the API, and in business time once business hours are set.
 */
class ReportsTest {

  private static final LocalDate DAY0 = LocalDate.of(2026, 3, 2);
  private static final LocalDate FROM = DAY0;
  private static final LocalDate TO = DAY0.plusDays(9);

  private final TestApp app = TestApp.get();
  private Api admin;
  private static long ann;
  private static long ben;
  /** The generated desk is kept between tests that only read it. */
  private static boolean deskReady;

  /** One ticket as the direct count sees it. */
  record T(long id, Instant created, Instant responded, Instant resolved, Instant firstDue, Instant resolutionDue,
           String agent, String category, String channel, String priority, String rating, Instant ratedAt) {}

  @BeforeEach
  void setUp() throws Exception {
    admin = app.admin();
    if (deskReady && app.queryLong("SELECT count(*) FROM tickets") == 40) {
      return;
    }
    app.reset();
    ann = Fixtures.user(admin, "Ann", "agent").getLong("id");
    ben = Fixtures.user(admin, "Ben", "agent").getLong("id");
    long contact = Fixtures.contact(admin, "Carol").getLong("id");
    // forty tickets, their fields cycling through the values (ticket n: priority n % 4, channel n % 3, ...)
    app.execute("INSERT INTO tickets (subject, priority, category, channel, requester_contact_id, assignee_id,"
        + " sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)"
        + " SELECT 'Ticket ' || g, (ARRAY['low', 'urgent', 'high', 'medium'])[g % 4 + 1],"
        + " CASE WHEN (g - 1) % 4 = 0 THEN 'general' ELSE (ARRAY['billing', 'technical', 'account'])[(g - 1) % 3 + 1] END,"
        + " (ARRAY['email', 'web', 'phone'])[(g - 1) % 3 + 1], " + contact + ","
        + " CASE WHEN (g - 1) % 5 = 0 THEN NULL WHEN (g - 1) % 2 = 0 THEN " + ann + " ELSE " + ben + " END,"
        + " now(), now(), now(), now() FROM generate_series(1, 40) g");
    // the desk's history, written straight into the rows: times the API cannot backdate
    app.execute("UPDATE tickets SET created_at = timestamptz '" + DAY0 + " 00:00Z' - interval '3 days'"
            + " + (id - 1) * interval '7 hours'",
        "UPDATE tickets SET first_responded_at = CASE WHEN id % 4 = 1 THEN NULL"
            + " ELSE created_at + ((id * 37) % 300 + 5) * interval '1 minute' END,"
            + " resolved_at = CASE WHEN id % 3 = 0 THEN NULL ELSE created_at + ((id * 53) % 72 + 1) * interval '1 hour' END,"
            + " sla_first_due_at = created_at + interval '2 hours', sla_resolution_due_at = created_at + interval '48 hours'",
        "UPDATE tickets SET status = CASE WHEN resolved_at IS NULL THEN 'open' WHEN id % 2 = 0 THEN 'resolved'"
            + " ELSE 'closed' END",
        "INSERT INTO satisfaction_ratings (ticket_id, rating, comment, rated_at, rated_by)"
            + " SELECT id, CASE WHEN id % 5 = 0 THEN 'bad' ELSE 'good' END, NULL, resolved_at + interval '1 hour',"
            + " 'contact:1' FROM tickets WHERE resolved_at IS NOT NULL AND id % 7 <> 0",
        // what a change of business hours or a first start on an old desk does: recount every day
        "UPDATE report_state SET calendar = NULL");
    deskReady = true;
  }

  @Test
  void everyGroupingEqualsADirectCount() throws Exception {
    for (String by : List.of("day", "week", "agent", "category", "channel", "priority")) {
      assertMatches(by, WorkCalendar.ALWAYS);
    }
  }

  @Test
  void aKnownAnswer() throws Exception {
    JsonObject totals = report("priority").getJsonObject("totals");
    List<T> desk = desk();
    long createdInRange = desk.stream().filter(t -> inRange(t.created())).count();
    // ticket n is created 7 (n - 1) hours after DAY0 - 3 days: tickets 12 to 40 fall in the ten days
    assertThat(totals.getInteger("created")).isEqualTo((int) createdInRange).isEqualTo(29);
    JsonObject urgent = row(report("priority"), "urgent");
    // urgent tickets are 1, 5, 9, ...: 13, 17, ..., 37 in the range
    assertThat(urgent.getString("label")).isEqualTo("Urgent");
    assertThat(urgent.getInteger("created")).isEqualTo(7);
    assertThat(urgent.getInteger("created")).isEqualTo((int) desk.stream()
        .filter(t -> t.priority().equals("urgent") && inRange(t.created())).count());
  }

  @Test
  void changesThroughTheApiReachTheReport() throws Exception {
    report("day"); // folded
    deskReady = false;
    String ref = "TKT-036"; // open (36 % 3 == 0)
    int version = admin.get("/api/tickets/" + ref).json().getInteger("version");
    Fixtures.check(admin.patch("/api/tickets/" + ref, new JsonObject().put("version", version)
        .put("status", "resolved").put("assignee", ann)), 200);
    Fixtures.check(admin.delete("/api/tickets/TKT-035"), 204);
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Fresh", "contact", 1)), 201);
    // resolved today: reach today in the range
    for (String by : List.of("day", "agent", "priority")) {
      assertMatches(by, WorkCalendar.ALWAYS, FROM, LocalDate.now(ZoneOffset.UTC));
    }
  }

  @Test
  void mediansCountBusinessTimeOnceBusinessHoursAreSet() throws Exception {
    JsonObject policy = admin.get("/api/sla/policies").json();
    JsonObject hours = BusinessHours.officeHours(ZoneId.of("Europe/Berlin"), Set.of(DAY0.plusDays(2))).toJson();
    Fixtures.check(admin.send("PUT", "/api/sla/policies", policy.copy().put("businessHours", hours).encode(),
        "application/json"), 200);
    deskReady = false; // changing the hours again recounts every day
    try {
      BusinessHours calendar = BusinessHours.officeHours(ZoneId.of("Europe/Berlin"), Set.of(DAY0.plusDays(2)));
      assertMatches("priority", calendar);
      assertMatches("week", calendar);
      assertThat(report("priority").getBoolean("businessTime")).isTrue();
    } finally {
      Fixtures.check(admin.send("PUT", "/api/sla/policies", policy.copy().put("businessHours", (Object) null).encode(),
          "application/json"), 200);
    }
  }

  @Test
  void csvAndPdfAndBadParameters() {
    Api.Response csv = admin.send("GET", "/api/reports?by=channel&from=" + FROM + "&to=" + TO, null, null);
    var download = admin.download("/api/reports?by=channel&format=csv&from=" + FROM + "&to=" + TO);
    String text = new String(download.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(text).startsWith("key,label,created,resolved,firstResponseMedianSeconds");
    assertThat(text.split("\r\n")).hasSize(1 + 5 + 1);
    var pdf = admin.download("/api/reports?by=agent&format=pdf&from=" + FROM + "&to=" + TO);
    assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(csv.status()).isEqualTo(200);

    Api.Response bad = admin.get("/api/reports?by=month&from=2026-13-01&to=2026-01-01");
    assertThat(bad.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    bad.json().getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).contains("by", "from");
    JsonObject rita = Fixtures.user(admin, "Rita", "requester");
    assertThat(Fixtures.login(app, rita).get("/api/reports").status()).isEqualTo(403);
  }

  // ---------- the direct count ----------

  private void assertMatches(String by, WorkCalendar calendar) throws Exception {
    assertMatches(by, calendar, FROM, TO);
  }

  private void assertMatches(String by, WorkCalendar calendar, LocalDate from, LocalDate to) throws Exception {
    JsonObject got = report(by, from, to);
    List<T> desk = desk();
    Map<String, JsonObject> expected = expected(by, desk, calendar, from, to);
    JsonObject totals = expected.remove("total");
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    for (Object r : got.getJsonArray("rows")) {
      JsonObject row = (JsonObject) r;
      rows.put(row.getString("key"), figures(row));
    }
    for (Map.Entry<String, JsonObject> e : expected.entrySet()) {
      assertThat(rows.get(e.getKey())).as("%s row %s", by, e.getKey()).isEqualTo(e.getValue());
    }
    for (Map.Entry<String, JsonObject> e : rows.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        assertThat(e.getValue().getInteger("created") + e.getValue().getInteger("resolved")
            + e.getValue().getLong("backlog")).as("%s extra row %s", by, e.getKey()).isZero();
      }
    }
    assertThat(figures(got.getJsonObject("totals"))).as("%s totals", by).isEqualTo(totals);
  }

  /** The figures compared (not the label). */
  private static JsonObject figures(JsonObject row) {
    JsonObject f = new JsonObject();
    for (String k : List.of("created", "resolved", "firstResponseMedianSeconds", "resolutionMedianSeconds",
        "slaMetPercent", "satisfactionPercent", "ratings", "backlog")) {
      Object v = row.getValue(k);
      f.put(k, v instanceof Number n ? (Object) (k.endsWith("Percent") ? n.doubleValue() : n.longValue()) : v);
    }
    return f;
  }

  private Map<String, JsonObject> expected(String by, List<T> desk, WorkCalendar cal, LocalDate from, LocalDate to) {
    Instant start = from.atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    boolean time = by.equals("day") || by.equals("week");
    Function<Instant, String> bucket = at -> {
      LocalDate d = at.atZone(ZoneOffset.UTC).toLocalDate();
      return (by.equals("week") ? d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : d).toString();
    };
    Function<T, String> key = t -> switch (by) {
      case "agent" -> t.agent();
      case "category" -> t.category();
      case "channel" -> t.channel();
      default -> t.priority();
    };
    Map<String, List<T>> created = new TreeMap<>();
    Map<String, List<T>> resolved = new TreeMap<>();
    Map<String, List<T>> rated = new TreeMap<>();
    for (T t : desk) {
      if (!t.created().isBefore(start) && t.created().isBefore(end)) {
        created.computeIfAbsent(time ? bucket.apply(t.created()) : key.apply(t), k -> new ArrayList<>()).add(t);
      }
      if (t.resolved() != null && !t.resolved().isBefore(start) && t.resolved().isBefore(end)) {
        resolved.computeIfAbsent(time ? bucket.apply(t.resolved()) : key.apply(t), k -> new ArrayList<>()).add(t);
      }
      if (t.rating() != null && !t.ratedAt().isBefore(start) && t.ratedAt().isBefore(end)) {
        rated.computeIfAbsent(time ? bucket.apply(t.ratedAt()) : key.apply(t), k -> new ArrayList<>()).add(t);
      }
    }
    Map<String, JsonObject> out = new LinkedHashMap<>();
    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
    keys.addAll(created.keySet());
    keys.addAll(resolved.keySet());
    keys.addAll(rated.keySet());
    if (time) { // every day or week of the range is a row, with its backlog
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        keys.add(bucket.apply(d.atStartOfDay().toInstant(ZoneOffset.UTC)));
      }
    }
    for (String k : keys) {
      Instant backlogAt = time ? LocalDate.parse(k).plusDays(by.equals("week") ? 7 : 1).atStartOfDay()
          .toInstant(ZoneOffset.UTC) : end;
      if (backlogAt.isAfter(end)) {
        backlogAt = end;
      }
      Instant at = backlogAt;
      long backlog = desk.stream().filter(t -> time || key.apply(t).equals(k))
          .filter(t -> t.created().isBefore(at) && (t.resolved() == null || !t.resolved().isBefore(at))).count();
      out.put(k, line(created.getOrDefault(k, List.of()), resolved.getOrDefault(k, List.of()),
          rated.getOrDefault(k, List.of()), cal, backlog));
    }
    long total = desk.stream()
        .filter(t -> t.created().isBefore(end) && (t.resolved() == null || !t.resolved().isBefore(end))).count();
    out.put("total", line(flat(created), flat(resolved), flat(rated), cal, total));
    return out;
  }

  private static List<T> flat(Map<String, List<T>> m) {
    return m.values().stream().flatMap(List::stream).toList();
  }

  private static JsonObject line(List<T> created, List<T> resolved, List<T> rated, WorkCalendar cal, long backlog) {
    List<Long> first = created.stream().filter(t -> t.responded() != null)
        .map(t -> cal.between(t.created(), t.responded())).sorted().toList();
    List<Long> resolution = resolved.stream().map(t -> cal.between(t.created(), t.resolved())).sorted().toList();
    long met = resolved.stream().filter(t -> !(t.responded() != null ? t.responded() : t.resolved())
        .isAfter(t.firstDue()) && !t.resolved().isAfter(t.resolutionDue())).count();
    long good = rated.stream().filter(t -> t.rating().equals("good")).count();
    return new JsonObject().put("created", (long) created.size()).put("resolved", (long) resolved.size())
        .put("firstResponseMedianSeconds", first.isEmpty() ? null : first.get((first.size() - 1) / 2))
        .put("resolutionMedianSeconds", resolution.isEmpty() ? null : resolution.get((resolution.size() - 1) / 2))
        .put("slaMetPercent", resolved.isEmpty() ? null : Math.round(1000.0 * met / resolved.size()) / 10.0)
        .put("satisfactionPercent", rated.isEmpty() ? null : Math.round(1000.0 * good / rated.size()) / 10.0)
        .put("ratings", (long) rated.size()).put("backlog", backlog);
  }

  private boolean inRange(Instant at) {
    return !at.isBefore(FROM.atStartOfDay().toInstant(ZoneOffset.UTC))
        && at.isBefore(TO.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  private List<T> desk() throws Exception {
    List<T> list = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(app.jdbcUrl()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT t.id, t.created_at, t.first_responded_at, t.resolved_at,"
             + " t.sla_first_due_at, t.sla_resolution_due_at, coalesce(t.assignee_id::text, 'none') AS agent,"
             + " t.category, t.channel, t.priority, r.rating, r.rated_at"
             + " FROM tickets t LEFT JOIN satisfaction_ratings r ON r.ticket_id = t.id")) {
      while (rs.next()) {
        list.add(new T(rs.getLong(1), at(rs, 2), at(rs, 3), at(rs, 4), at(rs, 5), at(rs, 6), rs.getString(7),
            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), at(rs, 12)));
      }
    }
    return list;
  }

  private static Instant at(ResultSet rs, int column) throws java.sql.SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }

  private JsonObject report(String by) throws InterruptedException {
    return report(by, FROM, TO);
  }

  /** The report once every change is folded in (a recount of every day may take a few requests). */
  private JsonObject report(String by, LocalDate from, LocalDate to) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Api.Response r = admin.get("/api/reports?by=" + by + "&from=" + from + "&to=" + to);
      Fixtures.check(r, 200);
      if (r.json().getBoolean("upToDate") || System.nanoTime() > deadline) {
        return r.json();
      }
      Thread.sleep(100);
    }
  }

  private static JsonObject row(JsonObject report, String key) {
    JsonArray rows = report.getJsonArray("rows");
    for (Object r : rows) {
      if (((JsonObject) r).getString("key").equals(key)) {
        return (JsonObject) r;
      }
    }
    throw new AssertionError("no row " + key);
  }
}
