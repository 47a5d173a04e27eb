package dev.helpdesk.sla;

import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;

/**
 * The SLA clock. {@link #marks} computes, from a ticket's stored facts, the marks that are
 * stored with it; {@link #state} reads the state at a moment from those marks, exactly as
 * the SQL function {@code sla_state} does, so the ticket JSON, the sla: token, the SLA
 * Breaching preset and the wallboard always agree. Time counts by the policy's calendar
 * (every second, or business hours); paused time (pending, on hold) does not count and
 * so pushes the due times back.
 */
public final class SlaClock {

  /** The stored facts of one ticket that its clock depends on. */
  public record Facts(Priority priority, Status status, Instant createdAt, Instant firstRespondedAt,
                      long pausedSeconds, Instant pausedSince, Instant resolvedAt) {}

  /** The SLA as the ticket JSON shows it. */
  public record Sla(SlaState state, Instant firstResponseDueAt, Instant resolutionDueAt,
                    Instant firstRespondedAt, long pausedSeconds, Instant approachingAt, Instant breachAt,
                    Instant pausedSince) {

    /** The contract's sla object, plus when a running clock turns approaching and breached, for live countdowns. */
    public JsonObject toJson() {
      return new JsonObject()
          .put("state", state.wire())
          .put("firstResponseDueAt", firstResponseDueAt.toString())
          .put("resolutionDueAt", resolutionDueAt.toString())
          .put("firstRespondedAt", firstRespondedAt == null ? null : firstRespondedAt.toString())
          .put("pausedSeconds", pausedSeconds)
          .put("approachingAt", approachingAt == null ? null : approachingAt.toString())
          .put("breachAt", breachAt == null ? null : breachAt.toString())
          .put("pausedSince", pausedSince == null ? null : pausedSince.toString());
    }
  }

  private final Clock clock;
  private volatile SlaPolicy policy;

  public SlaClock(Clock clock, SlaPolicy policy) {
    this.clock = clock;
    this.policy = policy;
  }

  public Instant now() {
    return clock.instant();
  }

  public SlaPolicy policy() {
    return policy;
  }

  /** From now on, marks are computed under this policy. */
  public void use(SlaPolicy newPolicy) {
    this.policy = newPolicy;
  }

  /** Counted seconds between two moments, under the policy's calendar; paused time is kept in these. */
  public long counted(Instant from, Instant to) {
    return policy.calendar().between(from, to);
  }

  /** The marks to store for these facts under the current policy. */
  public SlaMarks marks(Facts f) {
    SlaPolicy p = policy;
    SlaPolicy.Targets targets = p.of(f.priority());
    WorkCalendar calendar = p.calendar();
    long first = targets.firstResponse().getSeconds();
    long resolution = targets.resolution().getSeconds();
    Instant firstDue = calendar.add(f.createdAt(), first + f.pausedSeconds());
    Instant resolutionDue = calendar.add(f.createdAt(), resolution + f.pausedSeconds());
    Instant firstWarn = calendar.add(f.createdAt(), first - left(first, p) + f.pausedSeconds());
    Instant resolutionWarn = calendar.add(f.createdAt(), resolution - left(resolution, p) + f.pausedSeconds());
    if (f.firstRespondedAt() == null) {
      return new SlaMarks(firstDue, resolutionDue, earlier(firstWarn, resolutionWarn), earlier(firstDue, resolutionDue));
    }
    if (f.firstRespondedAt().isAfter(firstDue)) {
      // a late first response stays a breach for the rest of the ticket's life
      return new SlaMarks(firstDue, resolutionDue, firstDue, firstDue);
    }
    return new SlaMarks(firstDue, resolutionDue, resolutionWarn, resolutionDue);
  }

  /** The seconds of a target left when the clock turns approaching. */
  private static long left(long target, SlaPolicy p) {
    return target * p.approachingPercent() / 100;
  }

  /** The state at {@code at}, from the stored marks; mirrors SQL {@code sla_state}. */
  public static SlaState state(Status status, Instant firstRespondedAt, Instant resolvedAt, SlaMarks m, Instant at) {
    if (status.isDone()) {
      Instant responded = firstRespondedAt != null ? firstRespondedAt : resolvedAt != null ? resolvedAt : at;
      Instant resolved = resolvedAt != null ? resolvedAt : at;
      return responded.isAfter(m.firstDueAt()) || resolved.isAfter(m.resolutionDueAt())
          ? SlaState.BREACHED : SlaState.MET;
    }
    if (status.pausesSla()) {
      return SlaState.PAUSED;
    }
    if (!m.breachAt().isAfter(at)) {
      return SlaState.BREACHED;
    }
    return !m.warnAt().isAfter(at) ? SlaState.APPROACHING : SlaState.OK;
  }

  /** The SLA as shown now; while paused, the due times move on with the clock. */
  public Sla view(Facts f, SlaMarks m) {
    Instant now = clock.instant();
    if (f.pausedSince() == null) {
      boolean running = !f.status().isDone() && !f.status().pausesSla();
      return new Sla(state(f.status(), f.firstRespondedAt(), f.resolvedAt(), m, now), m.firstDueAt(),
          m.resolutionDueAt(), f.firstRespondedAt(), f.pausedSeconds(), running ? m.warnAt() : null,
          running ? m.breachAt() : null, null);
    }
    // as if the clock resumed now: the marks move on by the time paused so far
    long pausedNow = counted(f.pausedSince(), now);
    Facts resumed = new Facts(f.priority(), f.status(), f.createdAt(), f.firstRespondedAt(),
        f.pausedSeconds() + pausedNow, null, f.resolvedAt());
    SlaMarks moved = marks(resumed);
    return new Sla(state(f.status(), f.firstRespondedAt(), f.resolvedAt(), m, now), moved.firstDueAt(),
        moved.resolutionDueAt(), f.firstRespondedAt(), f.pausedSeconds() + pausedNow, null, null,
        f.pausedSince());
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
