package dev.helpdesk.wallboard;

import dev.helpdesk.db.Sql;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The wallboard's numbers, as of now, in four queries run side by side. Open means any
 * status but resolved and closed; days and hours are UTC. The answer of GET /api/wallboard
 * and the data of {@code wallboard.updated}.
 */
public final class WallboardQuery {

  static final int HOURS = 12;
  static final int TICKER = 10;
  static final int AGENTS = 50;

  private static final String OPEN = "SELECT t.status, t.priority, count(*) AS n,"
      + " count(*) FILTER (WHERE t.priority = 'urgent' AND t.assignee_id IS NULL) AS urgent_unassigned,"
      + " count(*) FILTER (WHERE sla_state(t, $1) = 'approaching') AS approaching,"
      + " count(*) FILTER (WHERE sla_state(t, $1) = 'breached') AS breached"
      + " FROM tickets t WHERE t.status NOT IN ('resolved', 'closed')"
      + " GROUP BY t.status, t.priority";
  private static final String AGENT_LOAD = "SELECT u.id, u.name, count(t.id) AS open FROM users u"
      + " LEFT JOIN tickets t ON t.assignee_id = u.id AND t.status NOT IN ('resolved', 'closed')"
      + " WHERE u.role IN ('admin', 'agent') AND u.active"
      + " GROUP BY u.id, u.name ORDER BY open DESC, u.name LIMIT " + AGENTS;
  private static final String PER_HOUR = "SELECT 'created' AS what, date_trunc('hour', created_at AT TIME ZONE 'UTC')"
      + " AS hour, count(*) AS n FROM tickets WHERE created_at >= $1 GROUP BY 2"
      + " UNION ALL SELECT 'resolved', date_trunc('hour', resolved_at AT TIME ZONE 'UTC'), count(*)"
      + " FROM tickets WHERE resolved_at >= $1 GROUP BY 2";
  /** The latest changes a wall may show: no notes, no system messages, no message bodies. */
  private static final String LATEST = "SELECT e.id, e.kind, e.created_at,"
      + " coalesce(e.payload->>'ref', e.payload->>'ticketRef') AS ref,"
      + " left(coalesce(e.payload->>'subject', t.subject), 120) AS subject,"
      + " coalesce(e.payload->>'priority', t.priority) AS priority, e.payload->>'status' AS status"
      + " FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id"
      + " WHERE NOT e.internal AND (e.kind LIKE 'ticket.%'"
      + " OR (e.kind = 'message.created' AND e.payload#>>'{message,type}' = 'reply'))"
      + " ORDER BY e.id DESC LIMIT " + TICKER;

  private final Pool pool;
  private final Clock clock;

  public WallboardQuery(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Future<JsonObject> compute() {
    Instant now = clock.instant();
    Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1));
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    Instant since = firstHour.isBefore(today) ? firstHour : today;
    Future<RowSet<Row>> open = pool.preparedQuery(OPEN).execute(Tuple.of(utc(now)));
    Future<RowSet<Row>> agents = pool.preparedQuery(AGENT_LOAD).execute();
    Future<RowSet<Row>> perHour = pool.preparedQuery(PER_HOUR).execute(Tuple.of(utc(since)));
    Future<RowSet<Row>> latest = pool.preparedQuery(LATEST).execute();
    Future<RowSet<Row>> inactive = pool.preparedQuery(dev.helpdesk.ticket.WorkloadRoutes.INACTIVE).execute();
    return Future.all(open, agents, perHour, latest, inactive).map(all -> {
      JsonObject board = openCounts(open.result());
      board.put("agents", new JsonArray(Sql.list(agents.result(), row -> new JsonObject()
          .put("id", row.getLong("id")).put("name", row.getString("name")).put("open", row.getLong("open")))));
      hours(board, perHour.result(), firstHour, today);
      board.put("inactiveAgents", new JsonArray(Sql.list(inactive.result(), row -> new JsonObject()
          .put("id", row.getLong("id")).put("name", row.getString("name")).put("open", row.getLong("open")))));
      board.put("ticker", new JsonArray(Sql.list(latest.result(), WallboardQuery::tickerItem)));
      return board.put("asOf", now.truncatedTo(ChronoUnit.SECONDS).toString());
    });
  }

  private static JsonObject openCounts(RowSet<Row> rows) {
    Map<String, Long> byStatus = new HashMap<>();
    Map<String, Long> byPriority = new HashMap<>();
    long total = 0;
    long urgentUnassigned = 0;
    long approaching = 0;
    long breached = 0;
    for (Row row : rows) {
      long n = row.getLong("n");
      byStatus.merge(row.getString("status"), n, Long::sum);
      byPriority.merge(row.getString("priority"), n, Long::sum);
      total += n;
      urgentUnassigned += row.getLong("urgent_unassigned");
      approaching += row.getLong("approaching");
      breached += row.getLong("breached");
    }
    JsonObject status = new JsonObject();
    for (Status s : Status.values()) {
      if (!s.isDone()) {
        status.put(s.wire(), byStatus.getOrDefault(s.wire(), 0L));
      }
    }
    JsonObject priority = new JsonObject();
    for (Priority p : Priority.values()) {
      priority.put(p.wire(), byPriority.getOrDefault(p.wire(), 0L));
    }
    return new JsonObject()
        .put("open", new JsonObject().put("total", total).put("byStatus", status).put("byPriority", priority))
        .put("urgentUnassigned", urgentUnassigned)
        .put("slaBreaching", approaching + breached)
        .put("sla", new JsonObject().put("approaching", approaching).put("breached", breached));
  }

  /** createdToday, resolvedToday and the last {@value #HOURS} hours, oldest first, empty hours as 0. */
  private static void hours(JsonObject board, RowSet<Row> rows, Instant firstHour, Instant today) {
    Map<Instant, Long> created = new HashMap<>();
    Map<Instant, Long> resolved = new HashMap<>();
    long createdToday = 0;
    long resolvedToday = 0;
    for (Row row : rows) {
      Instant hour = row.getLocalDateTime("hour").toInstant(ZoneOffset.UTC);
      long n = row.getLong("n");
      boolean isCreated = "created".equals(row.getString("what"));
      (isCreated ? created : resolved).merge(hour, n, Long::sum);
      if (!hour.isBefore(today)) {
        if (isCreated) {
          createdToday += n;
        } else {
          resolvedToday += n;
        }
      }
    }
    JsonArray hourly = new JsonArray();
    for (int i = 0; i < HOURS; i++) {
      Instant hour = firstHour.plus(Duration.ofHours(i));
      hourly.add(new JsonObject().put("hour", hour.toString())
          .put("created", created.getOrDefault(hour, 0L)).put("resolved", resolved.getOrDefault(hour, 0L)));
    }
    board.put("createdToday", createdToday).put("resolvedToday", resolvedToday).put("hourly", hourly);
  }

  private static JsonObject tickerItem(Row row) {
    return new JsonObject()
        .put("id", row.getLong("id"))
        .put("kind", row.getString("kind"))
        .put("ref", row.getString("ref"))
        .put("subject", row.getString("subject"))
        .put("priority", row.getString("priority"))
        .put("status", row.getString("status"))
        .put("at", row.getOffsetDateTime("created_at").toInstant().toString());
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
