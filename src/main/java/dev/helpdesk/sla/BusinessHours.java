package dev.helpdesk.sla;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Business hours: one working window per weekday in a time zone, and holidays with no
 * window at all. Only time inside the windows counts. Daylight saving is the zone's.
 */
public record BusinessHours(ZoneId zone, Map<DayOfWeek, Window> week, Set<LocalDate> holidays)
    implements WorkCalendar {

  /** A day's working time, start before end, both local. */
  public record Window(LocalTime start, LocalTime end) {}

  /** Far enough to cross any target (a year of days), near enough to stop a runaway loop. */
  private static final int MAX_DAYS = 3 * 366;

  @Override
  public Instant add(Instant start, long seconds) {
    ZonedDateTime cursor = start.atZone(zone);
    long left = seconds;
    for (int i = 0; i < MAX_DAYS * 4; i++) {
      LocalDate day = cursor.toLocalDate();
      Window w = window(day);
      if (w != null) {
        ZonedDateTime open = day.atTime(w.start()).atZone(zone);
        ZonedDateTime close = day.atTime(w.end()).atZone(zone);
        ZonedDateTime from = cursor.isAfter(open) ? cursor : open;
        if (from.isBefore(close)) {
          long available = Duration.between(from, close).getSeconds();
          if (left <= available) {
            return from.plusSeconds(left).toInstant();
          }
          left -= available;
        }
      }
      cursor = day.plusDays(1).atStartOfDay(zone);
    }
    throw new IllegalStateException("business hours too sparse to place " + seconds + " s after " + start);
  }

  @Override
  public long between(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return 0;
    }
    long total = 0;
    ZonedDateTime end = to.atZone(zone);
    LocalDate day = from.atZone(zone).toLocalDate();
    for (int i = 0; !day.isAfter(end.toLocalDate()) && i < MAX_DAYS * 4; i++, day = day.plusDays(1)) {
      Window w = window(day);
      if (w != null) {
        Instant open = max(day.atTime(w.start()).atZone(zone).toInstant(), from);
        Instant close = min(day.atTime(w.end()).atZone(zone).toInstant(), to);
        if (close.isAfter(open)) {
          total += Duration.between(open, close).getSeconds();
        }
      }
    }
    return total;
  }

  private Window window(LocalDate day) {
    return holidays.contains(day) ? null : week.get(day.getDayOfWeek());
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** {@code {"timeZone": "Europe/Berlin", "week": {"monday": {"start": "09:00", "end": "17:00"}, ...}, "holidays": ["2026-12-25"]}} */
  public JsonObject toJson() {
    JsonObject days = new JsonObject();
    for (DayOfWeek d : DayOfWeek.values()) {
      Window w = week.get(d);
      days.put(d.name().toLowerCase(), w == null ? null
          : new JsonObject().put("start", w.start().toString()).put("end", w.end().toString()));
    }
    return new JsonObject().put("timeZone", zone.getId()).put("week", days)
        .put("holidays", new JsonArray(new TreeSet<>(holidays).stream().map(LocalDate::toString).toList()));
  }

  /** A plain week: Monday to Friday, 09:00–17:00. */
  public static BusinessHours officeHours(ZoneId zone, Set<LocalDate> holidays) {
    Map<DayOfWeek, Window> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : new DayOfWeek[] {DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY}) {
      week.put(d, new Window(LocalTime.of(9, 0), LocalTime.of(17, 0)));
    }
    return new BusinessHours(zone, week, holidays);
  }
}
