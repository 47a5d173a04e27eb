package dev.helpdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The clock with an injected time: never a sleep. */
class SlaClockTest {

  private static final Instant CREATED = Instant.parse("2026-11-23T09:00:00Z");

  private static SlaClock clockAt(Duration sinceCreation) {
    return new SlaClock(Clock.fixed(CREATED.plus(sinceCreation), ZoneOffset.UTC), SlaPolicy.defaults());
  }

  private static SlaClock.Facts urgent(Status status, Instant firstResponse, long pausedSeconds, Instant pausedSince,
                                       Instant resolvedAt) {
    return new SlaClock.Facts(Priority.URGENT, status, CREATED, firstResponse, pausedSeconds, pausedSince, resolvedAt);
  }

  /** Marks stored when the facts were written, state read at a later moment. */
  private static SlaClock.Sla at(Duration sinceCreation, SlaClock.Facts facts) {
    SlaClock clock = clockAt(sinceCreation);
    return clock.view(facts, clock.marks(facts));
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
    SlaClock.Facts open = urgent(Status.OPEN, null, 0, null, null);
    assertThat(at(Duration.ofMinutes(44), open).state()).isEqualTo(SlaState.OK);
    assertThat(at(Duration.ofMinutes(45), open).state()).isEqualTo(SlaState.APPROACHING);
    assertThat(at(Duration.ofMinutes(60), open).state()).isEqualTo(SlaState.BREACHED);
  }

  @Test
  void aTimelyFirstResponseLeavesOnlyTheResolutionClock() {
    Instant responded = CREATED.plus(Duration.ofMinutes(30));
    SlaClock.Facts answered = urgent(Status.IN_PROGRESS, responded, 0, null, null);
    assertThat(at(Duration.ofMinutes(90), answered).state()).isEqualTo(SlaState.OK);
    assertThat(at(Duration.ofMinutes(181), answered).state()).isEqualTo(SlaState.APPROACHING);
    assertThat(at(Duration.ofMinutes(241), answered).state()).isEqualTo(SlaState.BREACHED);
  }

  @Test
  void aLateFirstResponseStaysBreached() {
    SlaClock.Facts late = urgent(Status.IN_PROGRESS, CREATED.plus(Duration.ofMinutes(70)), 0, null, null);
    assertThat(at(Duration.ofMinutes(71), late).state()).isEqualTo(SlaState.BREACHED);
  }

  @Test
  void pausedTimeDoesNotCountAndPushesTheDueTimesBack() {
    SlaClock.Sla paused = at(Duration.ofMinutes(90),
        urgent(Status.PENDING, null, 0, CREATED.plus(Duration.ofMinutes(10)), null));
    SlaClock.Sla resumed = at(Duration.ofMinutes(90), urgent(Status.OPEN, null, 3600, null, null));

    assertThat(paused.state()).isEqualTo(SlaState.PAUSED);
    assertThat(paused.pausedSeconds()).isEqualTo(80 * 60);
    assertThat(paused.firstResponseDueAt()).isEqualTo(CREATED.plus(Duration.ofMinutes(60 + 80)));
    assertThat(resumed.state()).isEqualTo(SlaState.OK);
    assertThat(resumed.firstResponseDueAt()).isEqualTo(CREATED.plus(Duration.ofHours(2)));
  }

  @Test
  void aPriorityChangeRetargetsTheClock() {
    SlaClock clock = clockAt(Duration.ofMinutes(90));
    SlaClock.Facts urgent = urgent(Status.OPEN, null, 0, null, null);
    SlaClock.Facts low = new SlaClock.Facts(Priority.LOW, Status.OPEN, CREATED, null, 0, null, null);

    assertThat(clock.view(urgent, clock.marks(urgent)).state()).isEqualTo(SlaState.BREACHED);
    assertThat(clock.view(low, clock.marks(low)).state()).isEqualTo(SlaState.OK);
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
