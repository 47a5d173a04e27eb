package dev.helpdesk.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a claimed batch is spread over the lanes that send side by side. */
class MailLanesTest {

  private record Mail(long id, String ticket) {}

  @Test
  void aTicketsMailsShareALaneInTheOrderTheyWereQueued() {
    List<Mail> batch = List.of(new Mail(1, "A"), new Mail(2, "B"), new Mail(3, "A"), new Mail(4, "C"),
        new Mail(5, "D"), new Mail(6, "E"), new Mail(7, "A"), new Mail(8, "E"));
    List<List<Mail>> lanes = MailSender.lanes(batch, Mail::ticket);

    assertThat(lanes).hasSize(MailSender.LANES);
    for (List<Mail> lane : lanes) {
      for (String ticket : List.of("A", "B", "C", "D", "E")) {
        List<Long> ids = lane.stream().filter(m -> m.ticket().equals(ticket)).map(Mail::id).toList();
        assertThat(ids).as("ticket %s in one lane, oldest first", ticket).isSorted();
      }
    }
    assertThat(lanes.stream().filter(l -> l.stream().anyMatch(m -> m.ticket().equals("A"))).count())
        .as("lanes holding ticket A").isEqualTo(1);
    assertThat(lanes.stream().filter(l -> l.stream().anyMatch(m -> m.ticket().equals("E"))).count())
        .as("lanes holding ticket E").isEqualTo(1);
    List<Mail> all = new ArrayList<>();
    lanes.forEach(all::addAll);
    assertThat(all).containsExactlyInAnyOrderElementsOf(batch);
  }

  @Test
  void fewerTicketsThanLanesUseOnlyAsManyLanes() {
    List<List<Mail>> lanes = MailSender.lanes(List.of(new Mail(1, "A"), new Mail(2, "A")), Mail::ticket);
    assertThat(lanes).containsExactly(List.of(new Mail(1, "A"), new Mail(2, "A")));
    assertThat(MailSender.lanes(List.<Mail>of(), Mail::ticket)).isEmpty();
  }
}
