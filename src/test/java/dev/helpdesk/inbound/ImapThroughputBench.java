package dev.helpdesk.inbound;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.config.Config;
import dev.helpdesk.support.TestApp;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A measurement, not part of the suite: N mails (a mix of plain, HTML, attachments and
 * replies) waiting in a GreenMail mailbox, taken by two instances polling at once, one of
 * them stopped half-way. Prints mails per second and CPU per mail (this JVM, PostgreSQL), and
 * checks exactly once and that every reply (all in the mailbox with their originals, most in
 * the same window) is a message on its original's ticket.
 * Run: {@code mvn -q test -Dtest=ImapThroughputBench -Dhelpdesk.bench=true -Dbench.mails=1000}
 */
@EnabledIfSystemProperty(named = "helpdesk.bench", matches = "true")
class ImapThroughputBench {

  private static final Logger log = LoggerFactory.getLogger(ImapThroughputBench.class);

  @Test
  void mailsPerSecondWithTwoPollersOneStoppedHalfWay() throws Exception {
    int n = Integer.getInteger("bench.mails", 1000);
    TestApp app = TestApp.get();
    app.reset();
    int imapPort;
    try (ServerSocket s = new ServerSocket(0)) {
      imapPort = s.getLocalPort();
    }
    GreenMail mail = new GreenMail(new ServerSetup[] {
        new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    mail.start();
    try {
      GreenMailUser box = mail.setUser(TestApp.SUPPORT_ADDRESS, "support", "pw");
      Session session = Session.getInstance(new Properties());
      for (int i = 0; i < n; i++) {
        box.deliver(new MimeMessage(session, new ByteArrayInputStream(sample(i).getBytes(StandardCharsets.UTF_8))));
      }
      Config.Imap imap = new Config.Imap("127.0.0.1", imapPort, "support", "pw", "none", "INBOX", 1);
      ImapPoller one = new ImapPoller(imap, app.app().services().inboundRoutes().pipeline(), new MailboxState("1"));
      ImapPoller two = new ImapPoller(imap, TestApp.second().app().services().inboundRoutes().pipeline(),
          new MailboxState("2"));
      Map<Long, Long> pgStart = postgresTicks(app);
      long jvmStart = ticks(ProcessHandle.current().pid());
      long start = System.nanoTime();
      one.start();
      two.start();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> app.queryLong("SELECT count(*) FROM inbound_mails") >= n / 2);
      one.stop();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
          .until(() -> app.queryLong("SELECT count(*) FROM inbound_mails") >= n);
      double seconds = (System.nanoTime() - start) / 1e9;
      long jvm = ticks(ProcessHandle.current().pid()) - jvmStart;
      long pg = 0;
      for (Map.Entry<Long, Long> e : postgresTicks(app).entrySet()) {
        pg += e.getValue() - pgStart.getOrDefault(e.getKey(), 0L);
      }
      two.stop();
      long tickets = app.queryLong("SELECT count(*) FROM tickets");
      long replies = app.queryLong("SELECT count(*) FROM inbound_mails WHERE outcome = 'appended'");
      long rows = app.queryLong("SELECT count(*) FROM inbound_mails");
      long sent = n / 4;
      // a reply (every fourth mail) that is not a message on the ticket its original opened
      long misthreaded = app.queryLong("SELECT count(*) FROM inbound_mails r"
          + " LEFT JOIN inbound_mails o ON o.mail_key = '<bench-'"
          + "   || (substring(r.mail_key FROM '^<bench-([0-9]+)@')::int - 3) || '@mail.test>'"
          + " WHERE r.subject LIKE 'Re: %' AND (r.outcome <> 'appended' OR o.ticket_id IS NULL"
          + "   OR r.ticket_id <> o.ticket_id)");
      log.info("BENCH imap: {} mails in {} s = {} mails/s; tickets {}, appended {} of {} replies, misthreaded {},"
              + " inbound rows {}; CPU per mail: this JVM (both instances, GreenMail, the test) {} ms,"
              + " PostgreSQL backends of {} {} ms", n, String.format("%.1f", seconds), String.format("%.0f", n / seconds),
          tickets, replies, sent, misthreaded, rows, String.format("%.2f", jvm * 10.0 / n),
          app.queryString("SELECT current_database()"), String.format("%.2f", pg * 10.0 / n));
      if (rows != n || tickets + replies != n) {
        throw new AssertionError("not exactly once: " + rows + " rows, " + tickets + " tickets, " + replies + " replies");
      }
      if (misthreaded != 0 || replies != sent) {
        throw new AssertionError(misthreaded + " of " + sent + " replies did not land on their original's ticket");
      }
    } finally {
      mail.stop();
    }
  }

  /** CPU ticks (1/100 s) of each PostgreSQL backend serving the test database now. */
  private static Map<Long, Long> postgresTicks(TestApp app) throws Exception {
    Map<Long, Long> ticks = new HashMap<>();
    try (Connection c = DriverManager.getConnection(app.jdbcUrl());
         ResultSet rs = c.createStatement().executeQuery("SELECT pid FROM pg_stat_activity"
             + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      while (rs.next()) {
        ticks.put(rs.getLong(1), ticks(rs.getLong(1)));
      }
    }
    return ticks;
  }

  /** utime + stime of a process from /proc, in clock ticks; 0 when it is gone. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Every fourth an HTML mail, every fourth with a 40 KB attachment, every fourth a reply to an earlier one. */
  private static String sample(int i) {
    String from = "customer" + (i % 400) + "@mail.test";
    return switch (i % 4) {
      case 0 -> RawMail.from(from).messageId("<bench-" + i + "@mail.test>").subject("Plain question " + i)
          .body("Hello,\nmy printer " + i + " does not print.\nThanks").build();
      case 1 -> RawMail.from(from).messageId("<bench-" + i + "@mail.test>").subject("HTML question " + i)
          .header("Content-Type", "text/html; charset=UTF-8")
          .body("<html><body><p>Hello,</p><p>the <b>VPN</b> " + i + " drops.</p></body></html>").build();
      case 2 -> attachment(i, from);
      default -> RawMail.from("customer" + ((i - 3) % 400) + "@mail.test").messageId("<bench-" + i + "@mail.test>")
          .subject("Re: Plain question " + (i - 3)).inReplyTo("<bench-" + (i - 3) + "@mail.test>")
          .body("Still broken.\n\nOn Mon, someone wrote:\n> Hello").build();
    };
  }

  private static String attachment(int i, String from) {
    String data = java.util.Base64.getMimeEncoder().encodeToString(new byte[40 * 1024]);
    return "Message-ID: <bench-" + i + "@mail.test>\r\nFrom: " + from + "\r\nTo: support@test.example\r\n"
        + "Subject: Log file " + i + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + "--b\r\nContent-Type: text/plain\r\n\r\nThe log is attached.\r\n"
        + "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=log" + i
        + ".bin\r\nContent-Transfer-Encoding: base64\r\n\r\n" + data + "\r\n--b--\r\n";
  }
}
