package dev.helpdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final BusinessHours OFFICE = BusinessHours.officeHours(BERLIN, Set.of(LocalDate.parse("2026-12-25")));

  @Test
  void timeInsideADayCountsAsIs() {
    // Tuesday 10:00 Berlin (09:00 UTC) + 2 h → 12:00 Berlin
    assertThat(OFFICE.add(Instant.parse("2026-11-24T09:00:00Z"), 7200)).isEqualTo(Instant.parse("2026-11-24T11:00:00Z"));
  }

  @Test
  void theClockStopsOverTheWeekend() {
    // Friday 16:00 Berlin + 2 h of business time → Monday 10:00 Berlin
    Instant friday = Instant.parse("2026-11-27T15:00:00Z");
    assertThat(OFFICE.add(friday, 7200)).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    assertThat(OFFICE.between(friday, Instant.parse("2026-11-30T09:00:00Z"))).isEqualTo(7200);
  }

  @Test
  void aTicketOpenedAtNightStartsCountingInTheMorning() {
    assertThat(OFFICE.add(Instant.parse("2026-11-24T22:00:00Z"), 60)).isEqualTo(Instant.parse("2026-11-25T08:01:00Z"));
  }

  @Test
  void holidaysDoNotCount() {
    // Thursday 24 Dec 16:00 + 2 h → over Christmas Day (holiday) and the weekend → Monday 28 Dec 10:00
    assertThat(OFFICE.add(Instant.parse("2026-12-24T15:00:00Z"), 7200)).isEqualTo(Instant.parse("2026-12-28T09:00:00Z"));
  }

  @Test
  void daylightSavingIsTheZones() {
    // Berlin leaves summer time on 25 Oct 2026: 09:00 local is 07:00 UTC before, 08:00 UTC after
    Instant fridayBefore = Instant.parse("2026-10-23T14:00:00Z"); // 16:00 CEST
    assertThat(OFFICE.add(fridayBefore, 7200)).isEqualTo(Instant.parse("2026-10-26T09:00:00Z")); // Mon 10:00 CET
  }

  @Test
  void otherZonesCountTheirOwnDay() {
    BusinessHours tokyo = BusinessHours.officeHours(ZoneId.of("Asia/Tokyo"), Set.of());
    // Monday 09:00 Tokyo is 00:00 UTC
    assertThat(tokyo.add(Instant.parse("2026-11-23T00:00:00Z"), 3600)).isEqualTo(Instant.parse("2026-11-23T01:00:00Z"));
  }

  @Test
  void addAndBetweenAgree() {
    Random random = new Random(11);
    for (int i = 0; i < 500; i++) {
      Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(365 * 86400));
      long seconds = random.nextInt(30 * 8 * 3600);
      Instant end = OFFICE.add(start, seconds);
      assertThat(OFFICE.between(start, end)).as("case %d from %s", i, start).isEqualTo(seconds);
    }
  }

  @Test
  void theSlaClockCountsBusinessTime() {
    Map<Priority, SlaPolicy.Targets> targets = new EnumMap<>(SlaPolicy.defaults().targets());
    SlaPolicy policy = new SlaPolicy(targets, 25, OFFICE);
    Instant friday = Instant.parse("2026-11-27T15:00:00Z"); // Friday 16:00 Berlin
    SlaClock clock = new SlaClock(Clock.fixed(friday, ZoneOffset.UTC), policy);
    SlaClock.Facts urgent = new SlaClock.Facts(Priority.URGENT, Status.OPEN, friday, null, 0, null, null);

    SlaMarks marks = clock.marks(urgent);

    assertThat(marks.firstDueAt()).isEqualTo(Instant.parse("2026-11-27T16:00:00Z")); // 17:00 Friday
    assertThat(marks.resolutionDueAt()).isEqualTo(Instant.parse("2026-11-30T11:00:00Z")); // Monday 12:00
    // on Saturday the first response is breached, nothing else moves
    assertThat(SlaClock.state(Status.OPEN, null, null, marks, Instant.parse("2026-11-28T12:00:00Z")))
        .isEqualTo(SlaState.BREACHED);
  }
}
