package dev.helpdesk.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.config.Config;
import dev.helpdesk.support.TestApp;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replies that are in the mailbox together with the mail they answer (same window, an earlier
 * window, after it or before it in UID order, a reply to a reply), taken by one instance or by
 * two polling the same mailbox: each lands on its original's ticket, exactly once. And a reply
 * whose original arrives a moment after it waits for it, for a bounded time only.
 */
class ImapReplyOrderTest {

  private static final String USER = "support";
  private static final String PASSWORD = "imap-secret";
  /** Windows of 8, so that the 26 mails of {@link #deliverThreads} span four of them. */
  private static final int WINDOW = 8;

  private final TestApp app = TestApp.get();
  private GreenMail mail;
  private GreenMailUser mailbox;
  private int imapPort;
  private final List<ImapPoller> pollers = new ArrayList<>();

  /** A reply and the mail it answers, by Message-ID. */
  private record Pair(String reply, String original) {}

  @BeforeEach
  void setUp() throws Exception {
    app.reset();
    try (ServerSocket s = new ServerSocket(0)) {
      imapPort = s.getLocalPort();
    }
    mail = new GreenMail(new ServerSetup[] {
        new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    mail.start();
    mailbox = mail.setUser(TestApp.SUPPORT_ADDRESS, USER, PASSWORD);
  }

  @AfterEach
  void tearDown() {
    pollers.forEach(ImapPoller::stop);
    mail.stop();
  }

  @Test
  void oneInstanceThreadsEveryReplyThatArrivedWithItsOriginal() throws Exception {
    List<Pair> pairs = deliverThreads();

    poller(app, Duration.ofSeconds(5)).start();

    await().atMost(Duration.ofSeconds(60)).until(() -> unseen() == 0);
    assertThreaded(pairs);
  }

  @Test
  void twoInstancesPollingOneMailboxThreadEveryReplyThatArrivedWithItsOriginal() throws Exception {
    List<Pair> pairs = deliverThreads();
    ImapPoller first = poller(app, Duration.ofSeconds(5));
    ImapPoller second = poller(TestApp.second(), Duration.ofSeconds(5));

    first.start();
    second.start();

    await().atMost(Duration.ofSeconds(60)).until(() -> unseen() == 0);
    assertThreaded(pairs);
  }

  @Test
  void twoInstancesOneDroppedMidwayStillThreadEveryReply() throws Exception {
    List<Pair> pairs = deliverThreads();
    ImapPoller first = poller(app, Duration.ofSeconds(5));
    ImapPoller second = poller(TestApp.second(), Duration.ofSeconds(5));

    first.start();
    second.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> app.queryLong("SELECT count(*) FROM inbound_mails") >= 8);
    first.stop();

    await().atMost(Duration.ofSeconds(60)).until(() -> unseen() == 0);
    assertThreaded(pairs);
  }

  @Test
  void aReplyWhoseOriginalArrivesAMomentLaterWaitsForItAndThreads() throws Exception {
    RawMail original = RawMail.from("Late Larry <larry@mail.test>").subject("Scanner jams");
    RawMail reply = RawMail.from("Late Larry <larry@mail.test>").subject("Re: Scanner jams")
        .inReplyTo(original.messageId()).body("It jams on page 2 too.");
    MailboxState state = new MailboxState("support");
    ImapPoller poller = poller(app, Duration.ofSeconds(20), state);
    poller.start();
    deliver(reply);

    await().atMost(Duration.ofSeconds(15)).until(() -> state.held() == 1);
    assertThat(state.toJson().getInteger("held")).isEqualTo(1);
    assertThat(app.queryLong("SELECT count(*) FROM inbound_mails")).isZero();
    deliver(original);

    await().atMost(Duration.ofSeconds(30)).until(() -> unseen() == 0);
    assertThreaded(List.of(new Pair(reply.messageId(), original.messageId())));
    assertThat(state.held()).isZero();
  }

  @Test
  void aReplyToAMailThatNeverComesIsHeldOnlyForAWhileThenOpensATicket() throws Exception {
    RawMail reply = RawMail.from("Orphan Olga <olga@mail.test>").subject("Re: our call")
        .inReplyTo("<never-seen-1@mail.test>").body("As discussed on the phone.");
    deliver(reply);
    long start = System.nanoTime();

    poller(app, Duration.ofSeconds(3)).start();

    await().atMost(Duration.ofSeconds(30)).until(() -> unseen() == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(app.queryString("SELECT outcome FROM inbound_mails WHERE mail_key = '" + reply.messageId() + "'"))
        .isEqualTo("created");
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).isEqualTo(1);
  }

  @Test
  void aReplyToOneOfOurMailsIsNotHeld() throws Exception {
    ImapPoller poller = poller(app, Duration.ofSeconds(30));
    poller.start();

    deliver(RawMail.from("Nina <nina@mail.test>").subject("Re: your mail").inReplyTo("<outbox-77@test.example>")
        .body("Still loud."));

    // well within the 30 s hold: our own Message-IDs are known without looking (here: no such
    // outbox row, so a ticket of its own, as before)
    await().atMost(Duration.ofSeconds(15)).until(() -> unseen() == 0);
    assertThat(app.queryString("SELECT outcome FROM inbound_mails")).isEqualTo("created");
  }

  /**
   * 12 originals from 12 customers and a reply to each by its sender, delivered as one batch:
   * replies right after their original (same window), replies one window or more before their
   * original, replies far after it, and two replies to replies. 26 mails, four windows of 8.
   */
  @Test
  void aPersonsMailsOfOneRoundLandInTheOrderTheyWereSent() throws Exception {
    deliver(RawMail.from("Mia <mia@customer.test>").subject("Printer jams").body("It jams."));
    for (int i = 1; i <= 6; i++) {
      // no threading headers, only the ref; one of them big, so it takes longer than the others
      deliver(RawMail.from("Mia <MIA@customer.test>").subject("Re: [TKT-001] Printer jams")
          .body("Part " + i + (i == 2 ? "\n" + "x".repeat(600_000) : "")));
    }

    poller(app, Duration.ofSeconds(5)).start();

    await().atMost(Duration.ofSeconds(60)).until(() -> unseen() == 0);
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).isEqualTo(1);
    String thread = app.queryString("SELECT string_agg(left(body, 6), ',' ORDER BY id) FROM messages"
        + " WHERE ticket_id = 1 AND type = 'reply'");
    assertThat(thread).isEqualTo("Part 1,Part 2,Part 3,Part 4,Part 5,Part 6");
  }

  private List<Pair> deliverThreads() throws Exception {
    List<RawMail> originals = new ArrayList<>();
    List<RawMail> replies = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      String from = "Customer " + k + " <thread" + k + "@mail.test>";
      RawMail o = RawMail.from(from).subject("Question " + k).body("Text of question " + k);
      originals.add(o);
      replies.add(RawMail.from(from).subject("Re: Question " + k).inReplyTo(o.messageId())
          .body("More on question " + k + "\n\nOn Tue, Support wrote:\n> Text"));
    }
    List<Pair> pairs = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      pairs.add(new Pair(replies.get(k).messageId(), originals.get(k).messageId()));
    }
    RawMail deep0 = RawMail.from("Customer 0 <thread0@mail.test>").subject("Re: Re: Question 0")
        .header("In-Reply-To", replies.get(0).messageId())
        .header("References", originals.get(0).messageId() + " " + replies.get(0).messageId()).body("And again.");
    RawMail deep9 = RawMail.from("Customer 9 <thread9@mail.test>").subject("Re: Re: Question 9")
        .header("In-Reply-To", replies.get(9).messageId()).header("References", replies.get(9).messageId())
        .body("And again.");
    pairs.add(new Pair(deep0.messageId(), originals.get(0).messageId()));
    pairs.add(new Pair(deep9.messageId(), originals.get(9).messageId()));

    List<RawMail> order = new ArrayList<>();
    order.add(deep9);              // a reply to a reply, before both
    order.add(replies.get(9));     // windows before its original
    order.add(replies.get(10));
    order.add(replies.get(11));
    for (int k = 0; k < 9; k++) {  // each original right before (k even) or right after (k odd) its reply
      if (k % 2 == 0) {
        order.add(originals.get(k));
        order.add(replies.get(k));
      } else {
        order.add(replies.get(k));
        order.add(originals.get(k));
      }
    }
    order.add(deep0);
    order.add(originals.get(9));
    order.add(originals.get(10));
    order.add(originals.get(11));
    for (RawMail m : order) {
      deliver(m);
    }
    assertThat(order).hasSize(26);
    return pairs;
  }

  private void assertThreaded(List<Pair> pairs) {
    long originals = pairs.stream().map(Pair::original).distinct().count();
    for (Pair p : pairs) {
      String original = app.queryString("SELECT outcome || ':' || ticket_id FROM inbound_mails WHERE mail_key = '"
          + p.original() + "'");
      String reply = app.queryString("SELECT outcome || ':' || ticket_id FROM inbound_mails WHERE mail_key = '"
          + p.reply() + "'");
      assertThat(original).as("original %s", p.original()).startsWith("created:");
      assertThat(reply).as("reply %s to %s", p.reply(), p.original())
          .isEqualTo("appended:" + original.substring("created:".length()));
    }
    // exactly once: one row per mail, a ticket per original, a message per reply
    assertThat(app.queryLong("SELECT count(*) FROM inbound_mails")).isEqualTo(originals + pairs.size());
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).isEqualTo(originals);
    assertThat(app.queryLong("SELECT count(*) FROM messages WHERE via = 'email' AND type = 'reply'"))
        .isEqualTo(pairs.size());
  }

  private ImapPoller poller(TestApp instance, Duration hold) {
    return poller(instance, hold, new MailboxState("support"));
  }

  private ImapPoller poller(TestApp instance, Duration hold, MailboxState state) {
    ImapPoller p = new ImapPoller(new Config.Imap("127.0.0.1", imapPort, USER, PASSWORD, "none", "INBOX", 1),
        instance.app().services().inboundRoutes().pipeline(), state, hold, WINDOW);
    pollers.add(p);
    return p;
  }

  private void deliver(RawMail m) throws Exception {
    mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(m.build().getBytes(StandardCharsets.UTF_8))));
  }

  private int unseen() throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", imapPort, USER, PASSWORD);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      return inbox.search(new jakarta.mail.search.FlagTerm(new Flags(Flags.Flag.SEEN), false)).length;
    } finally {
      store.close();
    }
  }
}
