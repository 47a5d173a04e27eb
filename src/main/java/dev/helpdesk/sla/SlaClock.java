package dev.helpdesk.sla;

import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The SLA clock. {@link #marks} computes, from a ticket's stored facts, the marks that are
 * stored with it; {@link #state} reads the state at a moment from those marks, exactly as
 * the SQL function {@code sla_state} does, so the ticket JSON, the sla: token, the SLA
 * Breaching preset and the wallboard always agree. Paused time (pending, on hold) pushes
 * the due times back. Calendar time.
 */
public final class SlaClock {

  /** The stored facts of one ticket that its clock depends on. */
  public record Facts(Priority priority, Status status, Instant createdAt, Instant firstRespondedAt,
                      long pausedSeconds, Instant pausedSince, Instant resolvedAt) {}

  /** The SLA as the ticket JSON shows it. */
  public record Sla(SlaState state, Instant firstResponseDueAt, Instant resolutionDueAt,
                    Instant firstRespondedAt, long pausedSeconds) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("state", state.wire())
          .put("firstResponseDueAt", firstResponseDueAt.toString())
          .put("resolutionDueAt", resolutionDueAt.toString())
          .put("firstRespondedAt", firstRespondedAt == null ? null : firstRespondedAt.toString())
          .put("pausedSeconds", pausedSeconds);
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

  /** The marks to store for these facts under the current policy. */
  public SlaMarks marks(Facts f) {
    SlaPolicy.Targets targets = policy.of(f.priority());
    Instant firstDue = f.createdAt().plus(targets.firstResponse()).plusSeconds(f.pausedSeconds());
    Instant resolutionDue = f.createdAt().plus(targets.resolution()).plusSeconds(f.pausedSeconds());
    Instant firstWarn = firstDue.minus(share(targets.firstResponse()));
    Instant resolutionWarn = resolutionDue.minus(share(targets.resolution()));
    if (f.firstRespondedAt() == null) {
      return new SlaMarks(firstDue, resolutionDue, earlier(firstWarn, resolutionWarn), earlier(firstDue, resolutionDue));
    }
    if (f.firstRespondedAt().isAfter(firstDue)) {
      // a late first response stays a breach for the rest of the ticket's life
      return new SlaMarks(firstDue, resolutionDue, firstDue, firstDue);
    }
    return new SlaMarks(firstDue, resolutionDue, resolutionWarn, resolutionDue);
  }

  /** The share of a target left when the clock turns approaching. */
  private Duration share(Duration target) {
    return Duration.ofSeconds(target.getSeconds() * policy.approachingPercent() / 100);
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
    long pausedNow = f.pausedSince() == null ? 0 : Math.max(0, Duration.between(f.pausedSince(), now).getSeconds());
    return new Sla(state(f.status(), f.firstRespondedAt(), f.resolvedAt(), m, now),
        m.firstDueAt().plusSeconds(pausedNow), m.resolutionDueAt().plusSeconds(pausedNow),
        f.firstRespondedAt(), f.pausedSeconds() + pausedNow);
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
