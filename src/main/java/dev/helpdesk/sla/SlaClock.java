package dev.helpdesk.sla;

import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Computes a ticket's SLA from stored facts: when it was created, when staff first
 * replied, how long it stood paused (pending, on hold) and when it was resolved.
 * Paused time pushes both due times back. Calendar time for now; business hours come
 * with the SLA engine.
 */
public final class SlaClock {

  /** The stored facts of one ticket. */
  public record Facts(Priority priority, Status status, Instant createdAt, Instant firstRespondedAt,
                      long pausedSeconds, Instant pausedSince, Instant resolvedAt) {}

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

  /** The policy in force now (SlaSql counts with the same one). */
  public SlaPolicy policy() {
    return policy;
  }

  public Sla compute(Facts f) {
    Instant now = clock.instant();
    long paused = f.pausedSeconds()
        + (f.pausedSince() == null ? 0 : Math.max(0, Duration.between(f.pausedSince(), now).getSeconds()));
    SlaPolicy.Targets targets = policy.of(f.priority());
    Instant firstDue = f.createdAt().plus(targets.firstResponse()).plusSeconds(paused);
    Instant resolutionDue = f.createdAt().plus(targets.resolution()).plusSeconds(paused);
    return new Sla(state(f, now, targets, firstDue, resolutionDue), firstDue, resolutionDue,
        f.firstRespondedAt(), paused);
  }

  private SlaState state(Facts f, Instant now, SlaPolicy.Targets targets, Instant firstDue, Instant resolutionDue) {
    boolean lateFirstResponse = f.firstRespondedAt() != null && f.firstRespondedAt().isAfter(firstDue);
    if (f.status().isDone()) {
      Instant end = f.resolvedAt() == null ? now : f.resolvedAt();
      return lateFirstResponse || end.isAfter(resolutionDue) ? SlaState.BREACHED : SlaState.MET;
    }
    if (f.status().pausesSla()) {
      return SlaState.PAUSED;
    }
    SlaState first = f.firstRespondedAt() == null
        ? running(now, firstDue, targets.firstResponse())
        : lateFirstResponse ? SlaState.BREACHED : SlaState.OK;
    return SlaState.worse(first, running(now, resolutionDue, targets.resolution()));
  }

  private SlaState running(Instant now, Instant due, Duration target) {
    long left = Duration.between(now, due).getSeconds();
    if (left < 0) {
      return SlaState.BREACHED;
    }
    return left * 100 < target.getSeconds() * policy.approachingPercent() ? SlaState.APPROACHING : SlaState.OK;
  }
}
