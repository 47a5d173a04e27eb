package dev.helpdesk.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order of a poll round: originals before their replies, nothing waiting for itself, holds. */
class ReplyOrderTest {

  private static ReplyOrder.Mail mail(long uid, String id, String... refs) {
    return new ReplyOrder.Mail(uid, id, List.of(refs));
  }

  @Test
  void aReplyBeforeItsOriginalInTheMailboxComesAfterItAndWaitsForIt() {
    List<ReplyOrder.Mail> mails = List.of(
        mail(1, "<r2>", "<r1>", "<o>"),  // a reply to a reply, first of all
        mail(2, "<r1>", "<o>"),
        mail(3, "<x>"),
        mail(4, "<o>"));

    ReplyOrder.Plan plan = ReplyOrder.plan(mails, Set.of(), uid -> false);

    assertThat(plan.order()).containsExactly(3, 1, 0, 2);
    assertThat(plan.parents()).isEqualTo(Map.of(3, List.of(), 1, List.of(3), 0, List.of(1, 3), 2, List.of()));
    assertThat(plan.held()).isEmpty();
  }

  @Test
  void aPersonsMailsWaitForThatPersonsMailBeforeThem() {
    List<ReplyOrder.Mail> mails = List.of(
        new ReplyOrder.Mail(1, "<a1>", List.of(), "ann@x.test"),
        new ReplyOrder.Mail(2, "<b1>", List.of(), "bob@x.test"),
        new ReplyOrder.Mail(3, "<a2>", List.of(), "ann@x.test"),
        new ReplyOrder.Mail(4, "<a3>", List.of("<b1>"), "ann@x.test"),
        new ReplyOrder.Mail(5, "<n>", List.of(), null));

    ReplyOrder.Plan plan = ReplyOrder.plan(mails, Set.of(), uid -> false);

    assertThat(plan.order()).containsExactly(0, 1, 2, 3, 4);
    assertThat(plan.parents()).isEqualTo(Map.of(0, List.of(), 1, List.of(), 2, List.of(0), 3, List.of(1, 2),
        4, List.of()));
  }

  @Test
  void mailsNamingEachOtherAreTakenInMailboxOrderWithoutWaitingForEachOther() {
    List<ReplyOrder.Mail> mails = List.of(mail(1, "<a>", "<b>"), mail(2, "<b>", "<a>"));

    ReplyOrder.Plan plan = ReplyOrder.plan(mails, Set.of(), uid -> true);

    assertThat(plan.order()).containsExactly(1, 0);
    assertThat(plan.parents()).isEqualTo(Map.of(1, List.of(), 0, List.of(1)));
  }

  @Test
  void aReplyToNothingKnownIsHeldUntilItsHoldIsOverAndItsRepliesWithIt() {
    List<ReplyOrder.Mail> mails = List.of(
        mail(7, "<r1>", "<missing>"),
        mail(8, "<r2>", "<r1>"),
        mail(9, "<k>", "<ours>"),
        mail(10, "<new>"));

    ReplyOrder.Plan holding = ReplyOrder.plan(mails, Set.of("<ours>"), uid -> false);
    ReplyOrder.Plan over = ReplyOrder.plan(mails, Set.of("<ours>"), uid -> uid == 7);

    assertThat(holding.held()).containsExactly(7L, 8L);
    assertThat(holding.order()).containsExactly(2, 3);
    assertThat(over.held()).isEmpty();
    assertThat(over.order()).containsExactly(0, 1, 2, 3);
    assertThat(over.parents().get(1)).containsExactly(0);
  }

  @Test
  void aReplyWithOneKnownReferenceIsNotHeld() {
    ReplyOrder.Plan plan = ReplyOrder.plan(List.of(mail(1, "<r>", "<missing>", "<taken>")), Set.of("<taken>"),
        uid -> false);

    assertThat(plan.held()).isEmpty();
    assertThat(plan.order()).containsExactly(0);
  }
}
