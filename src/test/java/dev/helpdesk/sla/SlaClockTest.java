package dev.helpdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlaClockTest {

  private static final Instant CREATED = Instant.parse("2026-11-23T09:00:00Z");

  private static SlaClock.Sla at(Duration sinceCreation, SlaClock.Facts facts) {
    Clock clock = Clock.fixed(CREATED.plus(sinceCreation), ZoneOffset.UTC);
    return new SlaClock(clock, SlaPolicy.defaults()).compute(facts);
  }

  private static SlaClock.Facts urgent(Status status, Instant firstResponse, long pausedSeconds, Instant pausedSince,
                                       Instant resolvedAt) {
    return new SlaClock.Facts(Priority.URGENT, status, CREATED, firstResponse, pausedSeconds, pausedSince, resolvedAt);
  }

  @Test
  void aFreshTicketIsOkWithDueTimesFromItsPriority() {
    SlaClock.Sla sla = at(Duration.ofMinutes(10), urgent(Status.OPEN, null, 0, null, null));

    assertThat(sla.state()).isEqualTo(SlaState.OK);
    assertThat(sla.firstResponseDueAt()).isEqualTo(CREATED.plus(Duration.ofHours(1)));
    assertThat(sla.resolutionDueAt()).isEqualTo(CREATED.plus(Duration.ofHours(4)));
  }

  @Test
  void lessThanAQuarterLeftIsApproachingAndPastDueIsBreached() {
    assertThat(at(Duration.ofMinutes(46), urgent(Status.OPEN, null, 0, null, null)).state())
        .isEqualTo(SlaState.APPROACHING);
    assertThat(at(Duration.ofMinutes(61), urgent(Status.OPEN, null, 0, null, null)).state())
        .isEqualTo(SlaState.BREACHED);
  }

  @Test
  void aTimelyFirstResponseLeavesOnlyTheResolutionClock() {
    Instant responded = CREATED.plus(Duration.ofMinutes(30));
    assertThat(at(Duration.ofMinutes(90), urgent(Status.IN_PROGRESS, responded, 0, null, null)).state())
        .isEqualTo(SlaState.OK);
    assertThat(at(Duration.ofMinutes(200), urgent(Status.IN_PROGRESS, responded, 0, null, null)).state())
        .isEqualTo(SlaState.APPROACHING);
  }

  @Test
  void pausedTimeDoesNotCountAndPushesTheDueTimesBack() {
    SlaClock.Sla paused = at(Duration.ofMinutes(90),
        urgent(Status.PENDING, null, 0, CREATED.plus(Duration.ofMinutes(10)), null));
    SlaClock.Sla resumed = at(Duration.ofMinutes(90), urgent(Status.OPEN, null, 3600, null, null));

    assertThat(paused.state()).isEqualTo(SlaState.PAUSED);
    assertThat(paused.pausedSeconds()).isEqualTo(80 * 60);
    assertThat(resumed.state()).isEqualTo(SlaState.OK);
    assertThat(resumed.firstResponseDueAt()).isEqualTo(CREATED.plus(Duration.ofHours(2)));
  }

  @Test
  void resolvedInTimeIsMetAndLateIsBreached() {
    Instant responded = CREATED.plus(Duration.ofMinutes(5));
    assertThat(at(Duration.ofDays(2), urgent(Status.RESOLVED, responded, 0, null, CREATED.plusSeconds(3600))).state())
        .isEqualTo(SlaState.MET);
    assertThat(at(Duration.ofDays(2), urgent(Status.CLOSED, responded, 0, null, CREATED.plusSeconds(5 * 3600))).state())
        .isEqualTo(SlaState.BREACHED);
  }
}
