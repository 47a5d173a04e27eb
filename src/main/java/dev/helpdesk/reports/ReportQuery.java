package dev.helpdesk.reports;

import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.sla.BusinessHours;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a report from the roll-ups: first folds what changed (so the figures are as of now),
 * then merges the day cells of the range per row. Backlog: tickets created by the end of the
 * row's period (day, week) or of the range (the other groupings) and not resolved by then.
 */
public final class ReportQuery {

  /** Days a report recomputes itself before answering; a larger rebuild goes on in the background. */
  static final int DAYS_PER_REQUEST = 62;

  private static final String CELLS = "SELECT day, key, created, resolved, sla_met, good, bad, first_response_secs,"
      + " resolution_secs FROM report_days WHERE dim = $1 AND day >= $2 AND day <= $3";
  private static final String BACKLOG_BEFORE = "SELECT coalesce(sum(created) - sum(resolved), 0) FROM report_days"
      + " WHERE dim = 'all' AND day < $1";
  private static final String BACKLOG_BY_KEY = "SELECT key, sum(created) - sum(resolved) AS backlog FROM report_days"
      + " WHERE dim = $1 AND day <= $2 GROUP BY key";
  private static final String NAMES = "SELECT id, name FROM users WHERE id = ANY($1)";
  private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

  private final io.vertx.core.Vertx vertx;
  private final Pool pool;
  private final SlaClock clock;
  private final ReportFolder folder;

  public ReportQuery(io.vertx.core.Vertx vertx, Pool pool, SlaClock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.folder = new ReportFolder(pool, clock);
  }

  public ReportFolder folder() {
    return folder;
  }

  public Future<Report> report(Grouping by, LocalDate from, LocalDate to) {
    boolean business = clock.policy().calendar() instanceof BusinessHours;
    return folder.fold(DAYS_PER_REQUEST, true).compose(upToDate -> switch (by) {
      case DAY, WEEK -> overTime(by, from, to).map(r -> withState(r, by, from, to, business, upToDate));
      default -> byKey(by, from, to).map(r -> withState(r, by, from, to, business, upToDate));
    });
  }

  private static Report withState(Report r, Grouping by, LocalDate from, LocalDate to, boolean business, boolean ok) {
    return new Report(by.wire(), from, to, r.rows(), r.totals(), business, ok);
  }

  private Future<Report> overTime(Grouping by, LocalDate from, LocalDate to) {
    Future<Long> before = pool.preparedQuery(BACKLOG_BEFORE).execute(Tuple.of(from))
        .map(rows -> rows.iterator().next().getLong(0));
    // decoding and merging a year of durations is ~20-40 ms of CPU: on a worker, not the event loop
    return before.compose(start -> pool.preparedQuery(CELLS).execute(Tuple.of("all", from, to))
        .compose(rows -> vertx.executeBlocking(() -> {
      Map<LocalDate, Cell> perDay = new HashMap<>();
      for (Row r : rows) {
        perDay.put(r.getLocalDate("day"), cell(r));
      }
      Map<LocalDate, Cell> buckets = new LinkedHashMap<>();
      Cell total = new Cell();
      List<Report.Line> lines = new ArrayList<>();
      long backlog = start;
      LocalDate bucketStart = null;
      Cell bucket = null;
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        LocalDate key = by == Grouping.WEEK ? d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : d;
        if (!key.equals(bucketStart)) {
          if (bucket != null) {
            lines.add(Report.Line.of(bucketStart.toString(), label(by, bucketStart), bucket, backlog));
          }
          bucketStart = key;
          bucket = new Cell();
        }
        Cell c = perDay.get(d);
        if (c != null) {
          bucket.add(c);
          total.add(c);
          backlog += c.created - c.resolved;
        }
      }
      if (bucket != null) {
        lines.add(Report.Line.of(bucketStart.toString(), label(by, bucketStart), bucket, backlog));
      }
      buckets.clear();
      return new Report(by.wire(), from, to, lines, Report.Line.of("total", "Total", total, backlog), false, true);
    }, false)));
  }

  private Future<Report> byKey(Grouping by, LocalDate from, LocalDate to) {
    String dim = by.wire();
    Future<Map<String, Long>> backlogs = pool.preparedQuery(BACKLOG_BY_KEY).execute(Tuple.of(dim, to)).map(rows -> {
      Map<String, Long> map = new HashMap<>();
      rows.forEach(r -> map.put(r.getString("key"), r.getLong("backlog")));
      return map;
    });
    Future<Map<String, Cell>> cells = pool.preparedQuery(CELLS).execute(Tuple.of(dim, from, to))
        .compose(rows -> vertx.executeBlocking(() -> {
          Map<String, Cell> map = new HashMap<>();
          for (Row r : rows) {
            map.computeIfAbsent(r.getString("key"), k -> new Cell()).add(cell(r));
          }
          return map;
        }, false));
    return Future.all(backlogs, cells).compose(both -> {
      Map<String, Long> backlog = backlogs.result();
      Map<String, Cell> perKey = cells.result();
      List<String> keys = keys(by, perKey, backlog);
      return labels(by, keys).compose(labels -> vertx.executeBlocking(() -> {
        Cell total = new Cell();
        long totalBacklog = 0;
        List<Report.Line> lines = new ArrayList<>();
        for (String key : keys) {
          Cell c = perKey.getOrDefault(key, new Cell());
          long b = backlog.getOrDefault(key, 0L);
          total.add(c);
          totalBacklog += b;
          lines.add(Report.Line.of(key, labels.getOrDefault(key, key), c, b));
        }
        return new Report(dim, from, to, lines, Report.Line.of("total", "Total", total, totalBacklog), false, true);
      }, false));
    });
  }

  /** Every value of a closed set (so charts keep their shape); agents that had anything, by name. */
  private static List<String> keys(Grouping by, Map<String, Cell> cells, Map<String, Long> backlog) {
    List<String> keys = new ArrayList<>();
    switch (by) {
      case CATEGORY -> addAll(keys, Category.values());
      case CHANNEL -> addAll(keys, Channel.values());
      case PRIORITY -> addAll(keys, Priority.values());
      default -> {
        java.util.TreeSet<String> agents = new java.util.TreeSet<>(cells.keySet());
        backlog.forEach((k, v) -> {
          if (v != 0) {
            agents.add(k);
          }
        });
        keys.addAll(agents);
      }
    }
    return keys;
  }

  private static void addAll(List<String> keys, WireEnum[] values) {
    for (WireEnum v : values) {
      keys.add(v.wire());
    }
  }

  private Future<Map<String, String>> labels(Grouping by, List<String> keys) {
    Map<String, String> labels = new HashMap<>();
    if (by != Grouping.AGENT) {
      for (String k : keys) {
        labels.put(k, WireEnum.parse(Category.class, k).map(WireEnum::label)
            .or(() -> WireEnum.parse(Channel.class, k).map(WireEnum::label))
            .or(() -> WireEnum.parse(Priority.class, k).map(WireEnum::label)).orElse(k));
      }
      return Future.succeededFuture(labels);
    }
    labels.put("none", "Unassigned");
    Long[] ids = keys.stream().filter(k -> !k.equals("none")).map(Long::valueOf).toArray(Long[]::new);
    return pool.preparedQuery(NAMES).execute(Tuple.of((Object) ids)).map(rows -> {
      rows.forEach(r -> labels.put(r.getLong("id").toString(), r.getString("name")));
      return labels;
    });
  }

  private static Cell cell(Row r) {
    Cell c = new Cell();
    c.created = r.getInteger("created");
    c.resolved = r.getInteger("resolved");
    c.slaMet = r.getInteger("sla_met");
    c.good = r.getInteger("good");
    c.bad = r.getInteger("bad");
    c.firstResponse.decode(r.getBuffer("first_response_secs").getBytes());
    c.resolution.decode(r.getBuffer("resolution_secs").getBytes());
    return c;
  }

  private static String label(Grouping by, LocalDate day) {
    return by == Grouping.WEEK ? "Week of " + DAY_LABEL.format(day) : DAY_LABEL.format(day);
  }
}
