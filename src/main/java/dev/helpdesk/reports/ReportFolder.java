package dev.helpdesk.reports;

import dev.helpdesk.sla.BusinessHours;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.WorkCalendar;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps report_days equal to what a direct count would give. Each fold, under one advisory lock
 * (one folder at a time across instances): (1) reads the change log after its cursor, and marks
 * dirty the days the changed tickets were and are counted on; (2) recomputes dirty days from the
 * tickets themselves. A change of business hours marks every day dirty (durations change).
 * Nothing here runs in a ticket's transaction: ticket writes pay nothing for reports.
 */
public final class ReportFolder {

  static final int EVENTS_PER_FOLD = 20_000;
  static final String[] DIMS = {"all", "agent", "category", "channel", "priority"};

  private static final String LOCK = "SELECT pg_advisory_xact_lock(7263542)";
  private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(7263542)";
  private static final String STATE = "SELECT last_event_id, calendar FROM report_state WHERE id = 1";
  private static final String CHANGED = "SELECT max(id) AS upto, array_agg(DISTINCT ticket_id) AS tickets"
      + " FROM (SELECT id, ticket_id FROM events WHERE id > $1 ORDER BY id LIMIT $2) e";
  private static final String ADVANCE = "UPDATE report_state SET last_event_id = $1 WHERE id = 1";
  private static final String MARK_OLD_DAYS = "INSERT INTO report_dirty_days (day)"
      + " SELECT d FROM report_ticket_days m, LATERAL (VALUES (m.created_day), (m.resolved_day), (m.rated_day)) v(d)"
      + " WHERE m.ticket_id = ANY($1) AND d IS NOT NULL ON CONFLICT DO NOTHING";
  private static final String FORGET_TICKETS = "DELETE FROM report_ticket_days WHERE ticket_id = ANY($1)";
  private static final String REMEMBER_TICKETS = "INSERT INTO report_ticket_days (ticket_id, created_day, resolved_day,"
      + " rated_day) SELECT t.id, (t.created_at AT TIME ZONE 'UTC')::date, (t.resolved_at AT TIME ZONE 'UTC')::date,"
      + " (r.rated_at AT TIME ZONE 'UTC')::date FROM tickets t LEFT JOIN satisfaction_ratings r ON r.ticket_id = t.id"
      + " WHERE t.id = ANY($1) RETURNING created_day, resolved_day, rated_day";
  private static final String MARK_DAY = "INSERT INTO report_dirty_days (day) VALUES ($1) ON CONFLICT DO NOTHING";
  private static final String MARK_ALL = "INSERT INTO report_dirty_days (day)"
      + " SELECT generate_series((SELECT (min(created_at) AT TIME ZONE 'UTC')::date FROM tickets),"
      + " (now() AT TIME ZONE 'UTC')::date, interval '1 day')::date ON CONFLICT DO NOTHING";
  // a recount of every day also relearns every ticket's days (rows written without events: a bulk load)
  private static final String FORGET_ALL_TICKETS = "DELETE FROM report_ticket_days";
  private static final String REMEMBER_ALL_TICKETS = "INSERT INTO report_ticket_days (ticket_id, created_day,"
      + " resolved_day, rated_day) SELECT t.id, (t.created_at AT TIME ZONE 'UTC')::date,"
      + " (t.resolved_at AT TIME ZONE 'UTC')::date, (r.rated_at AT TIME ZONE 'UTC')::date"
      + " FROM tickets t LEFT JOIN satisfaction_ratings r ON r.ticket_id = t.id";
  private static final String SET_CALENDAR = "UPDATE report_state SET calendar = $1 WHERE id = 1";
  private static final String DIRTY = "SELECT day FROM report_dirty_days ORDER BY day DESC LIMIT $1";
  private static final String DIRTY_COUNT = "SELECT count(*) FROM report_dirty_days";
  private static final String CLEAN = "DELETE FROM report_dirty_days WHERE day = ANY($1)";
  private static final String DROP_CELLS = "DELETE FROM report_days WHERE day = ANY($1)";
  private static final String INSERT_CELL = "INSERT INTO report_days (day, dim, key, created, resolved, sla_met, good,"
      + " bad, first_response_secs, resolution_secs) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  private static final String CREATED_ON = "SELECT assignee_id, category, channel, priority, created_at,"
      + " first_responded_at FROM tickets WHERE created_at >= $1 AND created_at < $2";
  private static final String RESOLVED_ON = "SELECT assignee_id, category, channel, priority, created_at,"
      + " first_responded_at, resolved_at, sla_first_due_at, sla_resolution_due_at FROM tickets"
      + " WHERE resolved_at >= $1 AND resolved_at < $2";
  private static final String RATED_ON = "SELECT t.assignee_id, t.category, t.channel, t.priority, r.rating,"
      + " r.rated_at"
      + " FROM satisfaction_ratings r JOIN tickets t ON t.id = r.ticket_id WHERE r.rated_at >= $1 AND r.rated_at < $2";

  private final Pool pool;
  private final SlaClock clock;

  public ReportFolder(Pool pool, SlaClock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Folds the whole change log and at most {@code maxDays} dirty days; true when nothing is
   * left to do. {@code wait}: wait for another instance's fold instead of skipping.
   */
  public Future<Boolean> fold(int maxDays, boolean wait) {
    return pool.withTransaction(tx -> tx.query(wait ? LOCK : TRY_LOCK).execute().compose(locked -> {
      if (!wait && !Boolean.TRUE.equals(locked.iterator().next().getBoolean(0))) {
        return Future.succeededFuture(false);
      }
      return tx.query(STATE).execute().compose(rows -> {
        Row state = rows.iterator().next();
        String calendar = fingerprint(clock.policy().calendar());
        Future<Void> recalendar = calendar.equals(state.getString("calendar")) ? Future.succeededFuture()
            : tx.query(MARK_ALL).execute()
                .compose(v -> tx.query(FORGET_ALL_TICKETS).execute())
                .compose(v -> tx.query(REMEMBER_ALL_TICKETS).execute())
                .compose(v -> tx.preparedQuery(SET_CALENDAR).execute(Tuple.of(calendar)))
                .mapEmpty();
        return recalendar.compose(v -> events(tx, state.getLong("last_event_id")))
            .compose(v -> days(tx, maxDays));
      });
    }));
  }

  /** Marks dirty the old and new days of every ticket changed since the cursor, then moves it. */
  private Future<Void> events(SqlClient tx, long after) {
    return tx.preparedQuery(CHANGED).execute(Tuple.of(after, EVENTS_PER_FOLD)).compose(rows -> {
      Row row = rows.iterator().next();
      Long upto = row.getLong("upto");
      if (upto == null) {
        return Future.succeededFuture();
      }
      Long[] ids = row.getArrayOfLongs("tickets");
      Long[] tickets = ids == null ? new Long[0]
          : java.util.Arrays.stream(ids).filter(java.util.Objects::nonNull).toArray(Long[]::new);
      Tuple t = Tuple.of((Object) tickets);
      return tx.preparedQuery(MARK_OLD_DAYS).execute(t)
          .compose(v -> tx.preparedQuery(FORGET_TICKETS).execute(t))
          .compose(v -> tx.preparedQuery(REMEMBER_TICKETS).execute(t))
          .compose(days -> {
            Set<LocalDate> dirty = new TreeSet<>();
            for (Row d : days) {
              for (String c : new String[] {"created_day", "resolved_day", "rated_day"}) {
                LocalDate day = d.getLocalDate(c);
                if (day != null) {
                  dirty.add(day);
                }
              }
            }
            List<Tuple> batch = dirty.stream().map(Tuple::of).toList();
            return batch.isEmpty() ? Future.succeededFuture()
                : tx.preparedQuery(MARK_DAY).executeBatch(batch).mapEmpty();
          })
          .compose(v -> tx.preparedQuery(ADVANCE).execute(Tuple.of(upto)))
          .compose(v -> events(tx, upto));
    });
  }

  /** Recomputes up to {@code maxDays} dirty days (the newest first); true when none is left. */
  private Future<Boolean> days(SqlClient tx, int maxDays) {
    return tx.preparedQuery(DIRTY).execute(Tuple.of(maxDays)).compose(rows -> {
      TreeSet<LocalDate> days = new TreeSet<>();
      rows.forEach(r -> days.add(r.getLocalDate(0)));
      Future<Void> chain = Future.succeededFuture();
      for (List<LocalDate> run : runs(days)) {
        chain = chain.compose(v -> recompute(tx, run));
      }
      LocalDate[] array = days.toArray(LocalDate[]::new);
      return chain.compose(v -> days.isEmpty() ? Future.succeededFuture()
              : tx.preparedQuery(CLEAN).execute(Tuple.of((Object) array)).mapEmpty())
          .compose(v -> tx.query(DIRTY_COUNT).execute())
          .map(left -> left.iterator().next().getLong(0) == 0);
    });
  }

  /** Consecutive days, so that each run is read with one range query per kind. */
  private static List<List<LocalDate>> runs(TreeSet<LocalDate> days) {
    List<List<LocalDate>> runs = new ArrayList<>();
    List<LocalDate> run = null;
    for (LocalDate d : days) {
      if (run == null || !run.get(run.size() - 1).plusDays(1).equals(d)) {
        run = new ArrayList<>();
        runs.add(run);
      }
      run.add(d);
    }
    return runs;
  }

  /** Recomputes the cells of consecutive days from the tickets created, resolved and rated on them. */
  private Future<Void> recompute(SqlClient tx, List<LocalDate> run) {
    OffsetDateTime from = run.get(0).atStartOfDay().atOffset(ZoneOffset.UTC);
    Tuple range = Tuple.of(from, run.get(run.size() - 1).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
    WorkCalendar calendar = clock.policy().calendar();
    Map<LocalDate, Map<String, Cell>> byDay = new HashMap<>();
    return tx.preparedQuery(CREATED_ON).execute(range).compose(created -> {
      for (Row r : created) {
        Instant at = instant(r, "created_at");
        Instant responded = instant(r, "first_responded_at");
        for (Cell c : cellsOf(byDay, at, r)) {
          c.created++;
          if (responded != null) {
            c.firstResponse.add(seconds(calendar, at, responded));
          }
        }
      }
      return tx.preparedQuery(RESOLVED_ON).execute(range);
    }).compose(resolved -> {
      for (Row r : resolved) {
        Instant created = instant(r, "created_at");
        Instant done = instant(r, "resolved_at");
        Instant responded = instant(r, "first_responded_at");
        boolean met = !(responded != null ? responded : done).isAfter(instant(r, "sla_first_due_at"))
            && !done.isAfter(instant(r, "sla_resolution_due_at"));
        for (Cell c : cellsOf(byDay, done, r)) {
          c.resolved++;
          c.slaMet += met ? 1 : 0;
          c.resolution.add(seconds(calendar, created, done));
        }
      }
      return tx.preparedQuery(RATED_ON).execute(range);
    }).compose(rated -> {
      for (Row r : rated) {
        boolean good = "good".equals(r.getString("rating"));
        for (Cell c : cellsOf(byDay, instant(r, "rated_at"), r)) {
          c.good += good ? 1 : 0;
          c.bad += good ? 0 : 1;
        }
      }
      List<Tuple> batch = new ArrayList<>();
      byDay.forEach((day, cells) -> cells.forEach((dimKey, c) -> {
        int split = dimKey.indexOf('\u0000');
        batch.add(Tuple.tuple().addValue(day).addValue(dimKey.substring(0, split)).addValue(dimKey.substring(split + 1))
            .addValue(c.created).addValue(c.resolved).addValue(c.slaMet).addValue(c.good).addValue(c.bad)
            .addValue(io.vertx.core.buffer.Buffer.buffer(c.firstResponse.encode()))
            .addValue(io.vertx.core.buffer.Buffer.buffer(c.resolution.encode())));
      }));
      Future<?> dropped = tx.preparedQuery(DROP_CELLS).execute(Tuple.of((Object) run.toArray(LocalDate[]::new)));
      return dropped.compose(v -> batch.isEmpty() ? Future.succeededFuture()
          : tx.preparedQuery(INSERT_CELL).executeBatch(batch)).mapEmpty();
    });
  }

  private static List<Cell> cellsOf(Map<LocalDate, Map<String, Cell>> byDay, Instant at, Row r) {
    return cellsOf(byDay.computeIfAbsent(at.atOffset(ZoneOffset.UTC).toLocalDate(), d -> new HashMap<>()), r);
  }

  /** The five cells a ticket counts in: all, its agent, category, channel and priority. */
  private static List<Cell> cellsOf(Map<String, Cell> cells, Row r) {
    Long agent = r.getLong("assignee_id");
    String[] keys = {"", agent == null ? "none" : agent.toString(), r.getString("category"), r.getString("channel"),
        r.getString("priority")};
    List<Cell> list = new ArrayList<>(DIMS.length);
    for (int i = 0; i < DIMS.length; i++) {
      list.add(cells.computeIfAbsent(DIMS[i] + '\u0000' + keys[i], k -> new Cell()));
    }
    return list;
  }

  static int seconds(WorkCalendar calendar, Instant from, Instant to) {
    return (int) Math.min(Integer.MAX_VALUE, calendar.between(from, to));
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /** What the durations were counted under: every second, or these business hours. */
  static String fingerprint(WorkCalendar calendar) {
    return calendar instanceof BusinessHours bh ? bh.toJson().encode() : "always";
  }

}
