package dev.helpdesk.mail;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mail through a real SMTP server (GreenMail) on the port the service under test sends to. */
class MailTest {

  private static final Pattern PORTAL_TOKEN = Pattern.compile("/portal/#token=([A-Za-z0-9._-]+)");

  private final TestApp app = TestApp.get();
  private GreenMail smtp;
  private Api admin;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    smtp = new GreenMail(new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Mia Mail");
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
  }

  private List<MimeMessage> mailsTo(String address, int expected) {
    await().atMost(Duration.ofSeconds(20)).until(() -> to(address).size() >= expected);
    return to(address);
  }

  private List<MimeMessage> to(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(address);
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  @Test
  void aNewTicketTellsTheRequesterItsRef() throws Exception {
    Fixtures.ticket(admin, "Printer jams", contact);

    MimeMessage mail = mailsTo(contact.getString("email"), 1).get(0);

    assertThat(mail.getSubject()).isEqualTo("[TKT-001] Printer jams");
    assertThat(GreenMailUtil.getBody(mail)).contains("TKT-001");
  }

  @Test
  void aReplyMailsExactlyOnceWithAWorkingPortalLinkAndANoteMailsNothing() throws Exception {
    Fixtures.ticket(admin, "Printer jams", contact);
    mailsTo(contact.getString("email"), 1);

    check(admin.post("/api/tickets/TKT-001/messages",
        new JsonObject().put("type", "note").put("body", "SECRET-NOTE-TEXT")), 201);
    check(admin.post("/api/tickets/TKT-001/messages",
        new JsonObject().put("type", "reply").put("body", "Please restart the printer")), 201);

    List<MimeMessage> mails = mailsTo(contact.getString("email"), 2);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> to(contact.getString("email")).size() == 2);
    MimeMessage reply = mails.get(1);
    String body = GreenMailUtil.getBody(reply);
    assertThat(reply.getSubject()).isEqualTo("[TKT-001] Printer jams");
    assertThat(body).contains("Please restart the printer").doesNotContain("SECRET-NOTE-TEXT");
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE text_body LIKE '%SECRET-NOTE-TEXT%'"
        + " OR html_body LIKE '%SECRET-NOTE-TEXT%'")).isZero();

    Matcher link = PORTAL_TOKEN.matcher(body.replace("=\r\n", "").replace("=3D", "="));
    assertThat(link.find()).isTrue();
    Api.Response session = app.anonymous().post("/api/auth/portal", new JsonObject().put("token", link.group(1)));
    assertThat(session.status()).isEqualTo(200);
    assertThat(session.json().getJsonObject("user").getString("role")).isEqualTo("requester");
    Api requester = new Api(app.baseUrl(), session.json().getString("token"));
    assertThat(ConversationBodies.of(requester.get("/api/tickets/TKT-001/messages").array()))
        .containsExactly("Please restart the printer");
  }

  @Test
  void aReplysHtmlPartRendersTheThreadsMarkdownAndItsTextPartStaysPlainText() throws Exception {
    Fixtures.ticket(admin, "Printer jams", contact);
    mailsTo(contact.getString("email"), 1);
    String body = "Please **restart** the *printer*: run `lpstat -p`, see [the guide](https://example.com/g?a=1&b=2)"
        + " or <https://example.com/h>.\nThen try again.\n\n<script>alert(1)</script> <b>not bold</b> & done";
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply").put("body", body)), 201);

    MimeMessage reply = mailsTo(contact.getString("email"), 2).get(1);
    String html = part(reply, "text/html");
    String text = part(reply, "text/plain").replace("\r\n", "\n");

    assertThat(html).contains("<strong>restart</strong>", "<em>printer</em>", "<code", ">lpstat -p</code>",
            "<a href=\"https://example.com/g?a=1&amp;b=2\" rel=\"noopener noreferrer nofollow\">the guide</a>",
            "<a href=\"https://example.com/h\" rel=\"noopener noreferrer nofollow\">https://example.com/h</a>.<br>Then",
            "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;not bold&lt;/b&gt; &amp; done</p>")
        .doesNotContain("**", "<script>", "<b>not", "&lt;https://");
    assertThat(text).contains(body).doesNotContain("<strong>", "<p>");
  }

  /** The decoded content of the first part of that type, however deep. */
  private static String part(jakarta.mail.Part p, String type) throws Exception {
    if (p.isMimeType(type)) {
      return (String) p.getContent();
    }
    if (p.getContent() instanceof jakarta.mail.Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        String found = part(mp.getBodyPart(i), type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  @Test
  void mailsQueuedWhileSmtpIsDownAreDeliveredOnceWhenItComesBack() throws Exception {
    smtp.stop();
    for (int i = 1; i <= 3; i++) {
      Fixtures.ticket(admin, "Queued " + i, contact);
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> app.queryLong("SELECT count(*) FROM outbox WHERE attempts > 0 AND sent_at IS NULL") == 3);

    smtp = new GreenMail(new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> app.queryLong("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> to(contact.getString("email")).size() == 3);
    assertThat(to(contact.getString("email")).stream().map(m -> {
      try {
        return m.getSubject();
      } catch (Exception e) {
        return "";
      }
    })).containsExactlyInAnyOrder("[TKT-001] Queued 1", "[TKT-002] Queued 2", "[TKT-003] Queued 3");
  }

  @Test
  void anAssignedAgentIsTold() throws Exception {
    JsonObject agent = Fixtures.user(admin, "Alice", "agent");
    Fixtures.ticket(admin, "Needs Alice", contact);

    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("assignee", agent.getLong("id"))),
        200);

    MimeMessage mail = mailsTo(agent.getString("email"), 1).get(0);
    assertThat(mail.getSubject()).isEqualTo("[TKT-001] Needs Alice");
    assertThat(GreenMailUtil.getBody(mail)).contains("assigned a ticket to you");
  }

  /** Bodies of the non-system messages of a thread. */
  static final class ConversationBodies {
    static List<String> of(io.vertx.core.json.JsonArray thread) {
      return thread.stream().map(o -> (JsonObject) o).filter(m -> !"system".equals(m.getString("type")))
          .map(m -> m.getString("body")).toList();
    }
  }
}
