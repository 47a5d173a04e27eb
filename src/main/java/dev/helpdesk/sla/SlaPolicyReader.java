package dev.helpdesk.sla;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Priority;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a policy document, naming every bad field; used for PUT and for the stored copy. */
public final class SlaPolicyReader {

  static final long MAX_TARGET_SECONDS = 366L * 86400;
  static final int MAX_HOLIDAYS = 400;

  private final List<ApiError.FieldError> errors = new ArrayList<>();

  private SlaPolicyReader() {}

  public static SlaPolicy read(JsonObject json) {
    SlaPolicyReader r = new SlaPolicyReader();
    SlaPolicy policy = r.policy(json);
    if (!r.errors.isEmpty()) {
      throw ApiError.invalid(r.errors);
    }
    return policy;
  }

  private void error(String field, String message) {
    errors.add(new ApiError.FieldError(field, message));
  }

  private SlaPolicy policy(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!Set.of("approachingPercent", "policies", "businessHours").contains(key)) {
        error(key, "is not a known field; known fields are approachingPercent, policies, businessHours");
      }
    }
    Object percent = json.getValue("approachingPercent");
    int approaching = 25;
    if (!(percent instanceof Integer p) || p < 1 || p > 99) {
      error("approachingPercent", "must be a whole number from 1 to 99");
    } else {
      approaching = p;
    }
    Map<Priority, SlaPolicy.Targets> targets = targets(json.getValue("policies"));
    Object hours = json.getValue("businessHours");
    BusinessHours businessHours = null;
    if (hours instanceof JsonObject h) {
      businessHours = businessHours(h);
    } else if (hours != null) {
      error("businessHours", "must be null or an object with timeZone, week and holidays");
    }
    return new SlaPolicy(targets, approaching, businessHours);
  }

  private Map<Priority, SlaPolicy.Targets> targets(Object value) {
    Map<Priority, SlaPolicy.Targets> targets = new EnumMap<>(Priority.class);
    if (!(value instanceof JsonArray list)) {
      error("policies", "must be an array with one entry per priority");
      return targets;
    }
    for (int i = 0; i < list.size(); i++) {
      String at = "policies[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject p)) {
        error(at, "must be an object");
        continue;
      }
      unknownKeys(p, at, Set.of("priority", "firstResponseSeconds", "resolutionSeconds"));
      Priority priority = p.getValue("priority") instanceof String s
          ? WireEnum.parse(Priority.class, s).orElse(null) : null;
      if (priority == null) {
        error(at + ".priority", "must be one of " + WireEnum.choices(Priority.class));
        continue;
      }
      if (targets.containsKey(priority)) {
        error(at + ".priority", "appears twice");
      }
      Long first = seconds(p.getValue("firstResponseSeconds"), at + ".firstResponseSeconds");
      Long resolution = seconds(p.getValue("resolutionSeconds"), at + ".resolutionSeconds");
      if (first != null && resolution != null) {
        targets.put(priority, new SlaPolicy.Targets(Duration.ofSeconds(first), Duration.ofSeconds(resolution)));
      }
    }
    for (Priority p : Priority.values()) {
      if (!targets.containsKey(p) && errors.isEmpty()) {
        error("policies", "must have an entry for " + p.wire());
      }
    }
    return targets;
  }

  private void unknownKeys(JsonObject object, String at, Set<String> known) {
    for (String key : object.fieldNames()) {
      if (!known.contains(key)) {
        error(at + "." + key, "is not a known field; known fields are " + String.join(", ", known));
      }
    }
  }

  private Long seconds(Object value, String field) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.longValue() >= 60 && n.longValue() <= MAX_TARGET_SECONDS) {
      return n.longValue();
    }
    error(field, "must be a whole number of seconds from 60 to " + MAX_TARGET_SECONDS);
    return null;
  }

  private BusinessHours businessHours(JsonObject h) {
    unknownKeys(h, "businessHours", Set.of("timeZone", "week", "holidays"));
    ZoneId zone = ZoneId.of("UTC");
    try {
      zone = ZoneId.of(h.getString("timeZone"));
    } catch (DateTimeException | NullPointerException | ClassCastException e) {
      error("businessHours.timeZone", "must be a time zone name such as Europe/Berlin");
    }
    Map<DayOfWeek, BusinessHours.Window> week = new EnumMap<>(DayOfWeek.class);
    Object weekValue = h.getValue("week");
    if (!(weekValue instanceof JsonObject days)) {
      error("businessHours.week", "must map weekdays (monday … sunday) to {start, end} or null");
    } else {
      for (String name : days.fieldNames()) {
        String field = "businessHours.week." + name;
        DayOfWeek day;
        try {
          day = DayOfWeek.valueOf(name.toUpperCase());
        } catch (IllegalArgumentException e) {
          error(field, "is not a weekday; use monday … sunday");
          continue;
        }
        Object w = days.getValue(name);
        if (w instanceof JsonObject window) {
          BusinessHours.Window parsed = window(window, field);
          if (parsed != null) {
            week.put(day, parsed);
          }
        } else if (w != null) {
          error(field, "must be {\"start\": \"09:00\", \"end\": \"17:00\"} or null");
        }
      }
      if (week.isEmpty()) {
        error("businessHours.week", "must have working hours on at least one day");
      }
    }
    Set<LocalDate> holidays = new HashSet<>();
    Object list = h.getValue("holidays");
    if (list instanceof JsonArray array && array.size() <= MAX_HOLIDAYS) {
      for (int i = 0; i < array.size(); i++) {
        try {
          holidays.add(LocalDate.parse(array.getString(i)));
        } catch (DateTimeException | ClassCastException | NullPointerException e) {
          error("businessHours.holidays[" + i + "]", "must be a date such as 2026-12-25");
        }
      }
    } else if (list != null) {
      error("businessHours.holidays", "must be an array of at most " + MAX_HOLIDAYS + " dates");
    }
    return new BusinessHours(zone, week, holidays);
  }

  private BusinessHours.Window window(JsonObject w, String field) {
    try {
      LocalTime start = LocalTime.parse(w.getString("start"));
      LocalTime end = LocalTime.parse(w.getString("end"));
      if (!start.isBefore(end)) {
        error(field, "must start before it ends");
        return null;
      }
      return new BusinessHours.Window(start, end);
    } catch (DateTimeException | ClassCastException | NullPointerException e) {
      error(field, "must have start and end times such as 09:00 and 17:00");
      return null;
    }
  }
}
