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
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IMAP door against a real IMAP server (GreenMail): two instances polling one mailbox,
 * one of them dropped mid-way, take every mail exactly once and flag it \Seen after commit.
 */
class ImapPollerTest {

  private static final String USER = "support";
  private static final String PASSWORD = "imap-secret";

  private final TestApp app = TestApp.get();
  private GreenMail mail;
  private GreenMailUser mailbox;
  private int imapPort;
  private ImapPoller first;
  private ImapPoller second;

  @BeforeEach
  void setUp() throws Exception {
    app.reset();
    imapPort = freePort();
    mail = new GreenMail(new ServerSetup[] {
        new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    mail.start();
    mailbox = mail.setUser(TestApp.SUPPORT_ADDRESS, USER, PASSWORD);
  }

  @AfterEach
  void tearDown() {
    for (ImapPoller p : new ImapPoller[] {first, second}) {
      if (p != null) {
        p.stop();
      }
    }
    mail.stop();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Config.Imap imap(int pollSeconds) {
    return new Config.Imap("127.0.0.1", imapPort, USER, PASSWORD, "none", "INBOX", pollSeconds);
  }

  private void deliver(int n, String tag) throws Exception {
    Session session = Session.getInstance(new Properties());
    for (int i = 0; i < n; i++) {
      String raw = RawMail.from("Customer " + i + " <customer" + i + "-" + tag + "@mail.test>")
          .subject("Question " + i + " " + tag).body("Text of question " + i).build();
      mailbox.deliver(new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    }
  }

  private int unseen() throws Exception {
    Properties p = new Properties();
    Store store = Session.getInstance(p).getStore("imap");
    store.connect("127.0.0.1", imapPort, USER, PASSWORD);
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      return inbox.search(new jakarta.mail.search.FlagTerm(new Flags(Flags.Flag.SEEN), false)).length;
    } finally {
      store.close();
    }
  }

  @Test
  void twoInstancesPollingOneMailboxOneDroppedMidwayTakeEveryMailExactlyOnce() throws Exception {
    int n = 60;
    deliver(n, "a");
    InboundPipeline one = app.app().services().inboundRoutes().pipeline();
    InboundPipeline two = TestApp.second().app().services().inboundRoutes().pipeline();
    first = new ImapPoller(imap(1), one, new MailboxState("one"));
    second = new ImapPoller(imap(1), two, new MailboxState("two"));

    first.start();
    second.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> app.queryLong("SELECT count(*) FROM inbound_mails") >= 10);
    first.stop(); // dropped in the middle of its round: what it committed but did not flag is seen again by the other
    first = null;

    await().atMost(Duration.ofSeconds(90)).until(() -> unseen() == 0);
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).isEqualTo(n);
    assertThat(app.queryLong("SELECT count(DISTINCT subject) FROM tickets")).isEqualTo(n);
    assertThat(app.queryLong("SELECT count(*) FROM inbound_mails WHERE outcome = 'created'")).isEqualTo(n);
  }

  @Test
  void aMailArrivingWhileThePollerWaitsIsTakenAndItsStateIsShown() throws Exception {
    MailboxState state = new MailboxState("support");
    first = new ImapPoller(imap(2), app.app().services().inboundRoutes().pipeline(), state);
    first.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> state.toJson().getString("lastPollAt") != null);

    deliver(1, "late");

    await().atMost(Duration.ofSeconds(20)).until(() -> app.queryLong("SELECT count(*) FROM tickets") == 1);
    assertThat(state.toJson().getBoolean("connected")).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> unseen() == 0);
  }

  @Test
  void aBadMailInTheMailboxIsSetAsideAndTheNextOneIsStillTaken() throws Exception {
    Session session = Session.getInstance(new Properties());
    mailbox.deliver(new MimeMessage(session, new ByteArrayInputStream(
        "To: support@test.example\r\nSubject: nobody\r\nMessage-ID: <bad-1@x.test>\r\n\r\nno sender\r\n"
            .getBytes(StandardCharsets.US_ASCII))));
    deliver(1, "good");
    first = new ImapPoller(imap(1), app.app().services().inboundRoutes().pipeline(), new MailboxState("x"));

    first.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> unseen() == 0);
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).isEqualTo(1);
    assertThat(app.queryLong("SELECT count(*) FROM inbound_mails WHERE outcome = 'rejected'")).isEqualTo(1);
  }
}
