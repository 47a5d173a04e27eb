package dev.helpdesk.sla;

import dev.helpdesk.ticket.Priority;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Targets per priority, when a running clock counts as approaching its target, and the
 * time that counts: every second, or business hours.
 */
public record SlaPolicy(Map<Priority, Targets> targets, int approachingPercent, BusinessHours businessHours) {

  public record Targets(Duration firstResponse, Duration resolution) {}

  /** Urgent 1 h / 4 h, high 4 h / 1 d, medium 8 h / 3 d, low 24 h / 7 d, around the clock. */
  public static SlaPolicy defaults() {
    Map<Priority, Targets> targets = new EnumMap<>(Priority.class);
    targets.put(Priority.URGENT, new Targets(Duration.ofHours(1), Duration.ofHours(4)));
    targets.put(Priority.HIGH, new Targets(Duration.ofHours(4), Duration.ofDays(1)));
    targets.put(Priority.MEDIUM, new Targets(Duration.ofHours(8), Duration.ofDays(3)));
    targets.put(Priority.LOW, new Targets(Duration.ofHours(24), Duration.ofDays(7)));
    return new SlaPolicy(targets, 25, null);
  }

  public Targets of(Priority priority) {
    return targets.get(priority);
  }

  public WorkCalendar calendar() {
    return businessHours == null ? WorkCalendar.ALWAYS : businessHours;
  }

  /** The shape of GET and PUT /api/sla/policies. */
  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    for (Priority p : Priority.values()) {
      Targets t = targets.get(p);
      list.add(new JsonObject().put("priority", p.wire())
          .put("firstResponseSeconds", t.firstResponse().getSeconds())
          .put("resolutionSeconds", t.resolution().getSeconds()));
    }
    return new JsonObject().put("approachingPercent", approachingPercent).put("policies", list)
        .put("businessHours", businessHours == null ? null : businessHours.toJson());
  }
}
