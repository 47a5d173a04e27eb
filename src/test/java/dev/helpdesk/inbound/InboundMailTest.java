package dev.helpdesk.inbound;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mail in through POST /api/inbound/email, mail out through a real SMTP server (GreenMail):
 * threading, who may write into a ticket, status rules, and every mail that must never
 * become a ticket nor be answered.
 */
class InboundMailTest {

  private static final String MIA = "Mia Mail <mia@customer.test>";

  private final TestApp app = TestApp.get();
  private GreenMail smtp;
  private Api admin;
  private Api inbound;

  @BeforeEach
  void setUp() {
    app.reset();
    smtp = new GreenMail(new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    admin = app.admin();
    inbound = new Api(app.baseUrl(), TestApp.INBOUND_TOKEN);
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
  }

  private JsonObject send(RawMail mail) {
    Api.Response r = inbound.send("POST", "/api/inbound/email", mail.build(), "message/rfc822");
    check(r, 202);
    return r.json();
  }

  private JsonArray thread(String ref) {
    Api.Response r = admin.get("/api/tickets/" + ref + "/messages");
    check(r, 200);
    return r.array();
  }

  private List<MimeMessage> mailsTo(String address, int expected) {
    await().atMost(Duration.ofSeconds(20)).until(() -> to(address).size() >= expected);
    return to(address);
  }

  private List<MimeMessage> to(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getAllRecipients()).map(Address::toString).anyMatch(a -> a.contains(address));
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  /** The Message-ID of our last mail to an address, as a mail client would quote it. */
  private String ourLastMailTo(String address) throws Exception {
    List<MimeMessage> mails = mailsTo(address, 1);
    return mails.get(mails.size() - 1).getMessageID();
  }

  private long count(String sql) {
    return app.queryLong(sql);
  }

  @Test
  void aNewMailOpensAnEmailTicketForANewContactWithItsCcsAndAThreadedAcknowledgement() throws Exception {
    RawMail mail = RawMail.from(MIA).subject("Printer jams").header("Cc", "Bob <bob@customer.test>")
        .body("The printer on floor 3 jams.\n\n-- \nMia");

    JsonObject outcome = send(mail);

    assertThat(outcome.getString("outcome")).isEqualTo("created");
    assertThat(outcome.getString("ticket")).isEqualTo("TKT-001");
    JsonObject t = admin.get("/api/tickets/TKT-001").json();
    assertThat(t.getString("channel")).isEqualTo("email");
    assertThat(t.getString("subject")).isEqualTo("Printer jams");
    assertThat(t.getString("description")).startsWith("The printer on floor 3 jams.");
    assertThat(t.getJsonObject("requester").getString("email")).isEqualTo("mia@customer.test");
    assertThat(t.getJsonObject("requester").getString("name")).isEqualTo("Mia Mail");
    assertThat(t.getJsonArray("ccs")).containsExactly(new JsonObject().put("email", "bob@customer.test").put("name", "Bob"));

    MimeMessage ack = mailsTo("mia@customer.test", 1).get(0);
    assertThat(ack.getSubject()).isEqualTo("[TKT-001] Printer jams");
    assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(mail.messageId());
    assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(ack.getFrom()[0].toString()).contains("support@test.example");
    assertThat(ack.getHeader("Reply-To", null)).contains("support@test.example");
    assertThat(ack.getMessageID()).matches("<outbox-\\d+@test\\.example>");

    byte[] source = admin.download("/api/tickets/TKT-001/source").body();
    assertThat(new String(source)).contains("The printer on floor 3 jams.");
  }

  @Test
  void aReplyToOurOwnMailWithAnEmptiedSubjectAppendsNotANewTicket_osTicket1544() throws Exception {
    send(RawMail.from(MIA).subject("Printer jams").body("It jams."));
    String ours = ourLastMailTo("mia@customer.test");

    JsonObject outcome = send(RawMail.from(MIA).subject("Re: something else entirely").inReplyTo(ours)
        .body("Still jams.\n\nOn Tue, 24 Nov 2026 at 10:02, Support <support@test.example> wrote:\n> We received it."));

    assertThat(outcome.getString("outcome")).isEqualTo("appended");
    assertThat(outcome.getString("ticket")).isEqualTo("TKT-001");
    assertThat(count("SELECT count(*) FROM tickets")).isEqualTo(1);
    JsonObject reply = thread("TKT-001").stream().map(o -> (JsonObject) o)
        .filter(m -> "reply".equals(m.getString("type"))).findFirst().orElseThrow();
    assertThat(reply.getString("body")).isEqualTo("Still jams.");
    assertThat(reply.getString("via")).isEqualTo("email");
    assertThat(reply.getJsonObject("author").getString("type")).isEqualTo("contact");
    // the original, quote and all, for staff only
    String source = new String(admin.download("/api/messages/" + reply.getLong("id") + "/source").body());
    assertThat(source).contains("> We received it.");
  }

  @Test
  void anUnchangedReSubjectWithoutHeadersIsRecognised_djangoHelpdesk756() {
    send(RawMail.from(MIA).subject("Printer jams").body("It jams."));

    JsonObject outcome = send(RawMail.from(MIA).subject("RE: [TKT-001] Printer jams").body("Any news?"));

    assertThat(outcome.getString("outcome")).isEqualTo("appended");
    assertThat(outcome.getString("ticket")).isEqualTo("TKT-001");
  }

  @Test
  void aReplyAllFromACcIsAppendedAsTheCcs_osTicket1426() throws Exception {
    send(RawMail.from(MIA).subject("Printer jams").header("Cc", "Bob <bob@customer.test>").body("It jams."));
    String ours = ourLastMailTo("mia@customer.test");

    JsonObject outcome = send(RawMail.from("Bob <bob@customer.test>").subject("Re: [TKT-001] Printer jams")
        .header("Cc", MIA).inReplyTo(ours).body("Same here on floor 4."));

    assertThat(outcome.getString("outcome")).isEqualTo("appended");
    assertThat(count("SELECT count(*) FROM tickets")).isEqualTo(1);
    JsonObject reply = thread("TKT-001").getJsonObject(thread("TKT-001").size() - 1);
    assertThat(reply.getJsonObject("author").getString("name")).isEqualTo("Bob");
    assertThat(reply.getJsonObject("mail").getString("from")).isEqualTo("bob@customer.test");
    assertThat(reply.getJsonObject("mail").getString("cc")).isEqualTo("mia@customer.test");
  }

  @Test
  void aStrangerNeverWritesIntoSomeoneElsesTicketByRefOrByReferences() throws Exception {
    send(RawMail.from(MIA).subject("Printer jams").body("It jams."));
    String ours = ourLastMailTo("mia@customer.test");

    JsonObject byRef = send(RawMail.from("eve@evil.test").subject("Re: [TKT-001] Printer jams").body("Give me data"));
    JsonObject byHeader = send(RawMail.from("eve@evil.test").subject("Fwd: hello").inReplyTo(ours).body("Again"));

    assertThat(byRef.getString("outcome")).isEqualTo("created");
    assertThat(byRef.getString("ticket")).isEqualTo("TKT-002");
    assertThat(byHeader.getString("outcome")).isEqualTo("created");
    assertThat(byHeader.getString("ticket")).isEqualTo("TKT-003");
    assertThat(admin.get("/api/tickets/TKT-002").json().getString("subject")).isEqualTo("Re: Printer jams");
    assertThat(thread("TKT-001").stream().map(o -> ((JsonObject) o).getString("body")))
        .noneMatch(b -> b.contains("Give me data") || b.contains("Again"));
  }

  @Test
  void aStaffMailIsThatAgentsPublicReplyThreadedForTheRequesterAndCopiedToCcs_frappe2626() throws Exception {
    JsonObject agent = Fixtures.user(admin, "Alice Agent", "agent");
    RawMail first = RawMail.from(MIA).subject("Printer jams").header("Cc", "bob@customer.test").body("It jams.");
    send(first);
    String ours = ourLastMailTo("mia@customer.test");

    JsonObject outcome = send(RawMail.from("Alice <" + agent.getString("email") + ">").subject("Re: [TKT-001] Printer jams")
        .inReplyTo(ours).body("Please restart it.\n\n> It jams."));

    assertThat(outcome.getString("outcome")).isEqualTo("appended");
    JsonObject reply = thread("TKT-001").stream().map(o -> (JsonObject) o)
        .filter(m -> "reply".equals(m.getString("type"))).findFirst().orElseThrow();
    assertThat(reply.getJsonObject("author").getString("name")).isEqualTo("Alice Agent");
    assertThat(reply.getString("via")).isEqualTo("email");
    List<MimeMessage> toMia = mailsTo("mia@customer.test", 2);
    MimeMessage answer = toMia.get(1);
    assertThat(answer.getSubject()).isEqualTo("[TKT-001] Printer jams");
    assertThat(answer.getHeader("References", null)).contains(first.messageId()).contains(ours);
    assertThat(answer.getHeader("Auto-Submitted")).isNull();
    assertThat(new String(answer.getInputStream().readAllBytes())).contains("Please restart it.").contains("/portal/#token=");
    MimeMessage copy = mailsTo("bob@customer.test", 1).get(0);
    assertThat(new String(copy.getInputStream().readAllBytes())).contains("Please restart it.");
  }

  @Test
  void aCcsCopyOfAPublicReplyNeverCarriesTheRequestersSignInLink() throws Exception {
    send(RawMail.from(MIA).subject("Printer jams").header("Cc", "bob@customer.test, carol@customer.test")
        .body("It jams."));
    String ours = ourLastMailTo("mia@customer.test");
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply")
        .put("body", "Please restart it.")), 201);

    MimeMessage toMia = mailsTo("mia@customer.test", 2).get(1);
    MimeMessage toBob = mailsTo("bob@customer.test", 1).get(0);
    assertThat(Arrays.stream(toMia.getAllRecipients()).map(Address::toString)).containsExactly("mia@customer.test");
    assertThat(new String(toMia.getInputStream().readAllBytes())).contains("Please restart it.").contains("/portal/#token=");
    // The link signs in as Mia: a CC who had it could read all of Mia's requests.
    assertThat(Arrays.stream(toBob.getAllRecipients()).map(Address::toString))
        .containsExactly("bob@customer.test", "carol@customer.test");
    assertThat(toBob.getSubject()).isEqualTo("[TKT-001] Printer jams");
    assertThat(toBob.getHeader("References", null)).contains(ours);
    assertThat(toBob.getHeader("Auto-Submitted")).isNull();
    String copy = new String(toBob.getInputStream().readAllBytes());
    assertThat(copy).contains("Please restart it.").contains("answer this mail").doesNotContain("token=")
        .doesNotContain("/portal/");
    String copyId = toBob.getHeader("Message-ID", null);
    for (MimeMessage m : to("carol@customer.test")) { // one mail, delivered to each of its recipients
      assertThat(m.getHeader("Message-ID", null)).isEqualTo(copyId);
    }
  }

  @Test
  void aCcsCopyGreetsNeutrallyAndSaysFilesWereAttachedToTheReplyNotInThePortal() throws Exception {
    send(RawMail.from(MIA).subject("Printer jams").header("Cc", "bob@customer.test").body("It jams."));
    Api.Response up = admin.upload("manual.pdf", "application/pdf", "%PDF-1.4".getBytes());
    check(up, 201);
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply")
        .put("body", "Please **restart** it.").put("attachmentIds", new JsonArray().add(up.json().getLong("id")))), 201);

    MimeMessage toMia = mailsTo("mia@customer.test", 2).get(1);
    String mias = new String(toMia.getInputStream().readAllBytes());
    assertThat(mias).contains("Hello Mia").contains("Attached in the portal: manual.pdf");
    MimeMessage toBob = mailsTo("bob@customer.test", 1).get(0);
    String copy = new String(toBob.getInputStream().readAllBytes()).replace("=\r\n", "");
    assertThat(copy).contains("Hello,").contains("Attached to the reply: manual.pdf").contains("<strong>restart</strong>")
        .contains("answer this mail").doesNotContain("Mia").doesNotContain("portal").doesNotContain("token=");
  }

  @Test
  void aFollowUpOfAClosedTicketKeepsItsCcsSoTheCcWhoWroteHearsTheAnswer() throws Exception {
    send(RawMail.from(MIA).subject("VPN drops").header("Cc", "Bob <bob@customer.test>").body("It drops."));
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "closed")), 200);

    RawMail bobsMail = RawMail.from("Bob <bob@customer.test>").subject("Re: [TKT-001] VPN drops").body("Back again.");
    assertThat(send(bobsMail).getString("ticket")).isEqualTo("TKT-002");
    assertThat(admin.get("/api/tickets/TKT-002").json().getJsonArray("ccs"))
        .containsExactly(new JsonObject().put("email", "bob@customer.test").put("name", "Bob"));

    // Bob answers his own mail: it joins the follow-up, not a ticket of his own
    JsonObject more = send(RawMail.from("Bob <bob@customer.test>").subject("Re: [TKT-001] VPN drops")
        .inReplyTo(bobsMail.messageId()).body("Only on Wi-Fi."));
    assertThat(more.getString("outcome")).isEqualTo("appended");
    assertThat(more.getString("ticket")).isEqualTo("TKT-002");

    check(admin.post("/api/tickets/TKT-002/messages", new JsonObject().put("type", "reply").put("body", "Fixed.")), 201);
    MimeMessage copy = mailsTo("bob@customer.test", 1).get(0);
    assertThat(copy.getSubject()).isEqualTo("[TKT-002] VPN drops");
    assertThat(new String(copy.getInputStream().readAllBytes())).contains("Fixed.");
  }

  @Test
  void statusRulesAreThoseOfAPortalReply() {
    send(RawMail.from(MIA).subject("One").body("a"));
    send(RawMail.from(MIA).subject("Two").body("b"));
    send(RawMail.from(MIA).subject("Three").body("c"));
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "resolved")), 200);
    check(admin.patch("/api/tickets/TKT-002", new JsonObject().put("version", 1).put("status", "closed")), 200);
    check(admin.post("/api/tickets/TKT-003/merge", new JsonObject().put("into", "TKT-001")), 200);

    assertThat(send(RawMail.from(MIA).subject("Re: [TKT-001] One").body("back")).getString("ticket")).isEqualTo("TKT-001");
    assertThat(admin.get("/api/tickets/TKT-001").json().getString("status")).isEqualTo("open");

    JsonObject followUp = send(RawMail.from(MIA).subject("Re: [TKT-002] Two").body("again"));
    assertThat(followUp.getString("ticket")).isEqualTo("TKT-004");
    assertThat(admin.get("/api/tickets/TKT-004").json().getString("followUpOf")).isEqualTo("TKT-002");

    assertThat(send(RawMail.from(MIA).subject("Re: [TKT-003] Three").body("merged")).getString("ticket"))
        .isEqualTo("TKT-001");
  }

  @Test
  void duplicatesAutoRepliesBulkOwnMailsAndLoopsNeverBecomeTicketsNorGetAnswers() {
    RawMail first = RawMail.from(MIA).subject("Printer jams").body("It jams.");
    send(first);
    assertThat(send(first).getString("outcome")).isEqualTo("duplicate");
    assertThat(send(RawMail.from(MIA).subject("Out of office").header("Auto-Submitted", "auto-replied"))
        .getString("outcome")).isEqualTo("ignored");
    assertThat(send(RawMail.from("news@shop.test").subject("Deals").header("Precedence", "bulk"))
        .getString("outcome")).isEqualTo("ignored");
    assertThat(send(RawMail.from("x@y.test").subject("OOO").header("X-Autoreply", "yes")).getString("outcome"))
        .isEqualTo("ignored");
    assertThat(send(RawMail.from("x@y.test").subject("OOO").header("X-Auto-Response-Suppress", "All"))
        .getString("outcome")).isEqualTo("ignored");
    assertThat(send(RawMail.from("Support <support@test.example>").subject("[TKT-001] Printer jams"))
        .getString("reason")).isEqualTo("our own mail");
    assertThat(send(RawMail.from("someone@else.test").messageId("<outbox-1@test.example>").subject("[TKT-001] x"))
        .getString("reason")).isEqualTo("our own mail");

    String looper = "robot@loop.test";
    for (int i = 0; i < 21; i++) {
      send(RawMail.from(looper).subject("Ticket " + i));
    }
    JsonObject looped = send(RawMail.from(looper).subject("Ticket 22"));
    assertThat(looped.getString("reason")).contains("loop");

    // Mia's ticket and the looper's first 20
    assertThat(count("SELECT count(*) FROM tickets")).isEqualTo(21);
    assertThat(admin.get("/api/inbound/rejected").array().stream()
        .map(o -> ((JsonObject) o).getString("reason"))).anyMatch(r -> r.contains("loop"));
    // only acknowledgements of the real tickets were queued
    assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(21);
  }

  @Test
  void aBounceOfOurMailIsASystemMessageOnItsTicketAndIsNotAnswered() throws Exception {
    send(RawMail.from(MIA).subject("Printer jams").body("It jams."));
    String ours = ourLastMailTo("mia@customer.test");
    String dsn = new String(MailCorpusTest.sample("bounce-dsn.eml")).replace("<outbox-1@test.example>", ours)
        .replace("gone@customer.test", "mia@customer.test");
    long outboxBefore = count("SELECT count(*) FROM outbox");

    Api.Response r = inbound.send("POST", "/api/inbound/email", dsn, "message/rfc822");

    check(r, 202);
    assertThat(r.json().getString("outcome")).isEqualTo("ignored");
    assertThat(r.json().getString("ticket")).isEqualTo("TKT-001");
    assertThat(thread("TKT-001").stream().map(o -> ((JsonObject) o).getString("body")))
        .anyMatch(b -> b.startsWith("Mail to mia@customer.test could not be delivered: 550 5.1.1"));
    assertThat(count("SELECT count(*) FROM outbox")).isEqualTo(outboxBefore);
  }

  @Test
  void badMailIsSetAsideListedAndRetriedAndNeverBlocksTheNextOne() {
    Api.Response bad = inbound.send("POST", "/api/inbound/email", "To: support@test.example\r\nSubject: who\r\n\r\nx",
        "message/rfc822");
    check(bad, 202);
    assertThat(bad.json().getString("reason")).contains("set aside").contains("From");
    assertThat(send(RawMail.from(MIA).subject("After the bad one")).getString("outcome")).isEqualTo("created");

    JsonArray rejected = admin.get("/api/inbound/rejected").array();
    assertThat(rejected).hasSize(1);
    assertThat(rejected.getJsonObject(0).getString("subject")).isEqualTo("who");
    assertThat(rejected.getJsonObject(0).getString("reason")).contains("From");
    long id = rejected.getJsonObject(0).getLong("id");
    Api.Response retry = admin.post("/api/inbound/rejected/" + id + "/retry", null);
    check(retry, 200);
    assertThat(retry.json().getString("reason")).contains("set aside");
    assertThat(admin.get("/api/inbound/rejected").array()).hasSize(1);
    check(admin.post("/api/inbound/rejected/999999/retry", null), 404);
  }

  @Test
  void theRouteWantsItsTokenAndOneRawMail() throws Exception {
    assertThat(app.anonymous().send("POST", "/api/inbound/email", "x", "message/rfc822").status()).isEqualTo(401);
    assertThat(new Api(app.baseUrl(), "wrong-token-wrong-token").send("POST", "/api/inbound/email", "x",
        "message/rfc822").status()).isEqualTo(401);
    assertThat(inbound.send("POST", "/api/inbound/email", "{}", "application/json").status()).isEqualTo(415);
    assertThat(tooLarge()).isEqualTo(413);
    Api agent = Fixtures.login(app, Fixtures.user(admin, "Agent Smith", "agent"));
    assertThat(agent.get("/api/inbound/rejected").status()).isEqualTo(403);
  }

  @Test
  void aRequesterNeverSeesNotesNorTheOriginalMail() {
    send(RawMail.from(MIA).subject("Printer jams").body("It jams."));
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "note").put("body", "SECRET")), 201);
    send(RawMail.from(MIA).subject("Re: [TKT-001] Printer jams").body("More."));
    long contactId = admin.get("/api/tickets/TKT-001").json().getJsonObject("requester").getLong("id");
    Api portal = portalFor(contactId);

    JsonArray seen = portal.get("/api/tickets/TKT-001/messages").array();

    assertThat(seen.stream().map(o -> ((JsonObject) o).getString("body"))).contains("More.").doesNotContain("SECRET");
    assertThat(seen.stream().map(o -> (JsonObject) o)).noneMatch(m -> m.containsKey("mail"));
    long replyId = seen.stream().map(o -> (JsonObject) o).filter(m -> "More.".equals(m.getString("body")))
        .findFirst().orElseThrow().getLong("id");
    assertThat(portal.get("/api/messages/" + replyId + "/source").status()).isEqualTo(403);
  }

  /** A mail announced at over 25 MiB is refused from its headers, before a byte of it is read. */
  private int tooLarge() throws Exception {
    java.net.URI uri = java.net.URI.create(app.baseUrl());
    try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /api/inbound/email HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + TestApp.INBOUND_TOKEN + "\r\nContent-Type: message/rfc822\r\n"
          + "Content-Length: " + (25 * 1024 * 1024 + 1) + "\r\n\r\nFrom: a@b.test\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  private Api portalFor(long contactId) {
    String token = app.app().services().tokens().issuePortalLink("contact:" + contactId, 60);
    Api.Response r = app.anonymous().post("/api/auth/portal", new JsonObject().put("token", token));
    check(r, 200);
    return new Api(app.baseUrl(), r.json().getString("token"));
  }

  @Test
  void staffChangeCcsWithPatchAndPublicRepliesAreCopiedToThem() throws Exception {
    send(RawMail.from(MIA).subject("Printer jams").body("It jams."));
    JsonObject t = admin.get("/api/tickets/TKT-001").json();

    Api.Response patched = admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", t.getInteger("version"))
        .put("ccs", new JsonArray().add(new JsonObject().put("email", "Carol@Customer.test").put("name", "Carol"))));
    check(patched, 200);
    assertThat(patched.json().getJsonArray("ccs"))
        .containsExactly(new JsonObject().put("email", "carol@customer.test").put("name", "Carol"));
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 2)
        .put("ccs", new JsonArray().add("not-an-address"))), 400);

    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply").put("body", "Fixed.")), 201);
    MimeMessage copy = mailsTo("carol@customer.test", 1).get(0);
    assertThat(copy.getHeader("To", null)).isEqualTo("carol@customer.test");
    assertThat(new String(copy.getInputStream().readAllBytes())).contains("Fixed.").doesNotContain("token=");
  }

  @Test
  void aCcNameThatCouldNotBeStoredIsA400AndTheTicketIsLeftAsItWas() {
    JsonObject t = Fixtures.ticket(admin, "Printer jams", Fixtures.contact(admin, "Mia Mail"));
    String ref = t.getString("ref");

    Api.Response nul = admin.patch("/api/tickets/" + ref, new JsonObject().put("version", t.getInteger("version"))
        .put("ccs", new JsonArray().add(new JsonObject().put("email", "carol@customer.test").put("name", "Ca\u0000rol"))));
    // a lone surrogate as a JSON escape: the client's own encoder would turn the character into "?"
    Api.Response half = admin.send("PATCH", "/api/tickets/" + ref, new JsonObject().put("version", t.getInteger("version"))
        .put("ccs", new JsonArray().add(new JsonObject().put("email", "carol@customer.test").put("name", "Ca LONE")))
        .encode().replace("LONE", "\\ud800"), "application/json");

    for (Api.Response r : List.of(nul, half)) {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("\"field\":\"ccs[0]\"");
    }
    JsonObject after = admin.get("/api/tickets/" + ref).json();
    assertThat(after.getInteger("version")).isEqualTo(t.getInteger("version"));
    assertThat(after.getJsonArray("ccs")).isEmpty();
  }

  @Test
  void aWebRequestAnswersTheSameForKnownAndUnknownAddressesAndIsRateLimited() throws Exception {
    Api visitor = app.anonymous();
    JsonObject known = Fixtures.contact(admin, "Known Person");
    JsonObject body = new JsonObject().put("subject", "Help").put("description", "Please");

    Api.Response forKnown = visitor.post("/api/requests", body.copy().put("email", known.getString("email")));
    Api.Response forNew = visitor.post("/api/requests", body.copy().put("email", "Fresh@Customer.test").put("name", "Fresh"));

    check(forKnown, 202);
    check(forNew, 202);
    assertThat(forKnown.json().getString("detail").replace(known.getString("email"), "X"))
        .isEqualTo(forNew.json().getString("detail").replace("fresh@customer.test", "X"));
    JsonObject t = admin.get("/api/tickets/TKT-002").json();
    assertThat(t.getString("channel")).isEqualTo("web");
    assertThat(t.getJsonObject("requester").getString("email")).isEqualTo("fresh@customer.test");
    assertThat(mailsTo("fresh@customer.test", 1).get(0).getSubject()).isEqualTo("[TKT-002] Help");
    check(visitor.post("/api/requests", body.copy().put("email", "x@y.test").put("attachmentIds", new JsonArray().add(1))), 400);

    for (int i = 0; i < 4; i++) {
      check(visitor.post("/api/requests", body.copy().put("email", "fresh@customer.test")), 202);
    }
    Api.Response limited = visitor.post("/api/requests", body.copy().put("email", "fresh@customer.test"));
    assertThat(limited.status()).isEqualTo(429);
    // a person reads this on the start page: minutes, not "try again in 3597 seconds"
    assertThat(limited.json().getString("detail")).matches(".*try again in (about )?\\d+ minutes?\\.?");
    assertThat(limited.json().getInteger("retryAfterSeconds")).isBetween(3000, 3600);
  }
}
