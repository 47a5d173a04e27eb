package dev.helpdesk.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;

/** One report: its rows, their totals, and whether every change so far is in it. */
public record Report(String by, LocalDate from, LocalDate to, List<Line> rows, Line totals, boolean businessTime,
                     boolean upToDate) {

  /** The figures of one row (or of the totals). Percentages and medians are null where nothing was counted. */
  public record Line(String key, String label, int created, int resolved, Long firstResponseMedianSeconds,
                     Long resolutionMedianSeconds, int slaMet, int good, int bad, long backlog) {

    public Double slaMetPercent() {
      return percent(slaMet, resolved);
    }

    public Double satisfactionPercent() {
      return percent(good, good + bad);
    }

    public int ratings() {
      return good + bad;
    }

    static Line of(String key, String label, Cell c, long backlog) {
      return new Line(key, label, c.created, c.resolved, c.firstResponse.median(), c.resolution.median(), c.slaMet,
          c.good, c.bad, backlog);
    }

    public JsonObject toJson() {
      return new JsonObject().put("key", key).put("label", label).put("created", created).put("resolved", resolved)
          .put("firstResponseMedianSeconds", firstResponseMedianSeconds)
          .put("resolutionMedianSeconds", resolutionMedianSeconds)
          .put("slaMet", slaMet).put("slaMetPercent", slaMetPercent())
          .put("satisfactionPercent", satisfactionPercent()).put("ratings", ratings())
          .put("good", good).put("bad", bad).put("backlog", backlog);
    }
  }

  static Double percent(int part, int whole) {
    return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("by", by).put("from", from.toString()).put("to", to.toString())
        .put("businessTime", businessTime).put("upToDate", upToDate)
        .put("rows", new JsonArray(rows.stream().map(Line::toJson).toList()))
        .put("totals", totals.toJson());
  }
}
