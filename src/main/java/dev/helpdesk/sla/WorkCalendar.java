package dev.helpdesk.sla;

import java.time.Duration;
import java.time.Instant;

/** The time an SLA clock counts: every second, or only business hours. */
public interface WorkCalendar {

  /** The moment {@code seconds} of counted time after {@code start}. */
  Instant add(Instant start, long seconds);

  /** Counted seconds between two moments (zero if {@code to} is not after {@code from}). */
  long between(Instant from, Instant to);

  /** Every second counts. */
  WorkCalendar ALWAYS = new WorkCalendar() {
    @Override
    public Instant add(Instant start, long seconds) {
      return start.plusSeconds(seconds);
    }

    @Override
    public long between(Instant from, Instant to) {
      return Math.max(0, Duration.between(from, to).getSeconds());
    }
  };
}
