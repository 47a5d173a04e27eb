package dev.helpdesk.sla;

import dev.helpdesk.ticket.Priority;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a save changed, one line each ("Urgent first response: 1 h → 2 h"), for the audit
 * entry of {@code sla_policy.changed}: an admin reading the audit sees the change, not the
 * whole policy.
 */
final class SlaChanges {

  private SlaChanges() {}

  static JsonArray between(SlaPolicy before, SlaPolicy after) {
    List<String> out = new ArrayList<>();
    for (Priority p : Priority.values()) {
      SlaPolicy.Targets a = before.of(p);
      SlaPolicy.Targets b = after.of(p);
      String name = p.wire().substring(0, 1).toUpperCase() + p.wire().substring(1);
      if (!a.firstResponse().equals(b.firstResponse())) {
        out.add(name + " first response: " + span(a.firstResponse()) + " → " + span(b.firstResponse()));
      }
      if (!a.resolution().equals(b.resolution())) {
        out.add(name + " resolution: " + span(a.resolution()) + " → " + span(b.resolution()));
      }
    }
    if (before.approachingPercent() != after.approachingPercent()) {
      out.add("Approaching below: " + before.approachingPercent() + "% → " + after.approachingPercent() + "%");
    }
    hours(before.businessHours(), after.businessHours(), out);
    return new JsonArray(new ArrayList<>(out));
  }

  private static void hours(BusinessHours before, BusinessHours after, List<String> out) {
    if (before == null && after == null) {
      return;
    }
    if (before == null) {
      out.add("Business hours on (" + after.toJson().getString("timeZone") + ")");
      return;
    }
    if (after == null) {
      out.add("Business hours off (around the clock)");
      return;
    }
    JsonObject a = before.toJson();
    JsonObject b = after.toJson();
    if (!a.getString("timeZone").equals(b.getString("timeZone"))) {
      out.add("Time zone: " + a.getString("timeZone") + " → " + b.getString("timeZone"));
    }
    JsonObject weekA = a.getJsonObject("week");
    JsonObject weekB = b.getJsonObject("week");
    for (String day : weekB.fieldNames()) {
      JsonObject x = weekA.getJsonObject(day);
      JsonObject y = weekB.getJsonObject(day);
      if (x == null ? y != null : !x.equals(y)) {
        out.add(day.substring(0, 1).toUpperCase() + day.substring(1) + ": " + window(x) + " → " + window(y));
      }
    }
    Set<Object> added = new LinkedHashSet<>(b.getJsonArray("holidays").getList());
    added.removeAll(a.getJsonArray("holidays").getList());
    Set<Object> removed = new LinkedHashSet<>(a.getJsonArray("holidays").getList());
    removed.removeAll(b.getJsonArray("holidays").getList());
    if (!added.isEmpty()) {
      out.add("Holidays added: " + String.join(", ", added.stream().map(String::valueOf).toList()));
    }
    if (!removed.isEmpty()) {
      out.add("Holidays removed: " + String.join(", ", removed.stream().map(String::valueOf).toList()));
    }
  }

  private static String window(JsonObject w) {
    return w == null ? "closed" : w.getString("start") + "–" + w.getString("end");
  }

  /** 90 min → "1 h 30 min", 2 days → "2 d". */
  static String span(Duration d) {
    long minutes = d.toMinutes();
    List<String> parts = new ArrayList<>();
    if (minutes / 1440 > 0) {
      parts.add(minutes / 1440 + " d");
    }
    if (minutes % 1440 / 60 > 0) {
      parts.add(minutes % 1440 / 60 + " h");
    }
    if (minutes % 60 > 0 || parts.isEmpty()) {
      parts.add(minutes % 60 + " min");
    }
    return String.join(" ", parts);
  }
}
