package dev.helpdesk.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SQL injection through every token, sort, cursor and preset; security headers; cross-requester access; XSS in the PDF. */
class AttackTest {

  private static final TestApp app = TestApp.get();
  static final String[] TABLES = {"tickets", "messages", "users", "contacts", "events", "attachments"};
  static final List<String> INJECTIONS = List.of("'; drop table tickets;--", "' OR '1'='1", "\" OR \"\"=\"",
      "1; DELETE FROM tickets", "\\'; drop table users;--", "%' OR 1=1 --", "' UNION SELECT password_hash FROM users--",
      "$1", "$$; drop table tickets; $$", "E'\\x27'", "ʼ OR 1=1--", "＇ OR １=１", "\\", "\\\\'", "';--\u0000",
      "1)) OR ((1=1", "tickets.id", "pg_sleep(5)", "'||pg_sleep(5)||'");
  static final String[] TOKENS = {"status", "priority", "category", "channel", "agent", "requester", "tag", "created",
      "updated", "due", "sla"};

  private static Api admin;
  private static Api alice;
  private static Api bob;
  private static String aliceRef;
  private static String bobRef;
  private static String adminRef;
  private static long aliceAttachment;

  @BeforeAll
  static void setUp() {
    app.reset();
    admin = app.admin();
    JsonObject aliceUser = Fixtures.user(admin, "Alice Requester", "requester");
    JsonObject bobUser = Fixtures.user(admin, "Bob Requester", "requester");
    alice = Fixtures.login(app, aliceUser);
    bob = Fixtures.login(app, bobUser);
    aliceRef = admin.post("/api/tickets", Fixtures.ticketBody("Alice secret ticket", "user", aliceUser.getLong("id")))
        .json().getString("ref");
    bobRef = admin.post("/api/tickets", Fixtures.ticketBody("Bob own ticket", "user", bobUser.getLong("id")))
        .json().getString("ref");
    adminRef = Fixtures.ticket(admin, "O'Brien's printer \\ backslash", Fixtures.contact(admin, "Other Contact"))
        .getString("ref");
    Api.Response up = alice.upload("alice.txt", "text/plain", "alice's file".getBytes(StandardCharsets.UTF_8));
    Fixtures.check(up, 201);
    aliceAttachment = up.json().getLong("id");
    Fixtures.check(alice.post("/api/tickets/" + aliceRef + "/messages", new JsonObject().put("type", "reply")
        .put("body", "my file").put("attachmentIds", new JsonArray().add(aliceAttachment))), 201);
  }

  static Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, app.queryLong("SELECT count(*) FROM " + table));
    }
    return counts;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void harmless(Api.Response r, String what) {
    assertThat(r.status()).as(what + " → " + r).isIn(200, 400);
    if (r.status() == 400) {
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.body()).doesNotContainIgnoringCase("syntax error").doesNotContain("SQLSTATE")
          .doesNotContain("Exception");
    }
  }

  // ---- SQL injection

  @Test
  void sqlInjectionThroughEveryTokenSortCursorAndPresetIsRefusedOrHarmless() {
    Map<String, Long> before = counts();
    long started = System.currentTimeMillis();
    for (String attack : INJECTIONS) {
      for (String token : TOKENS) {
        for (String q : List.of(token + ":" + attack, token + ":\"" + attack + "\"", "-" + token + ":open," + attack)) {
          Api.Response r = admin.get("/api/tickets?q=" + enc(q));
          harmless(r, q);
          if (r.status() == 200) {
            assertThat(r.json().getInteger("total")).as(q).isLessThanOrEqualTo(3);
          }
        }
      }
      // free words and phrases match subjects literally: none of these matches anything
      for (String q : List.of(attack, "\"" + attack + "\"", "subject:" + attack)) {
        Api.Response r = admin.get("/api/tickets?q=" + enc(q));
        harmless(r, q);
        if (r.status() == 200 && !attack.equals("\\")) {
          assertThat(r.json().getJsonArray("items")).as(q).isEmpty();
        }
      }
      harmless(admin.get("/api/tickets?sort=" + enc(("created;" + attack).substring(0, Math.min(20,
          ("created;" + attack).length())))), "sort");
      harmless(admin.get("/api/tickets?sort=" + enc(attack.length() > 20 ? attack.substring(0, 20) : attack)), "sort");
      harmless(admin.get("/api/tickets?cursor=" + enc(attack)), "cursor");
      harmless(admin.get("/api/tickets?cursor=" + Base64.getUrlEncoder().withoutPadding().encodeToString(
          ("[\"" + attack + "\",1]").getBytes(StandardCharsets.UTF_8))), "cursor b64");
      harmless(admin.get("/api/tickets?preset=" + enc(attack.length() > 40 ? attack.substring(0, 40) : attack)), "preset");
      harmless(admin.get("/api/contacts?q=" + enc(attack)), "contacts q");
      harmless(admin.get("/api/tags?q=" + enc(attack.length() > 40 ? attack.substring(0, 40) : attack)), "tags q");
      harmless(admin.get("/api/users?role=" + enc(attack)), "users role");
      for (String export : List.of("csv", "pdf")) {
        Api.Response r = admin.get("/api/tickets/export." + export + "?q=" + enc("tag:" + attack));
        assertThat(r.status()).as(export + " " + attack).isIn(200, 400);
      }
      Api.Response bulk = admin.post("/api/tickets/bulk", new JsonObject().put("query", "requester:" + attack)
          .put("set", new JsonObject().put("priority", "low")));
      assertThat(bulk.status()).as("bulk " + attack + " " + bulk).isIn(200, 400);
      if (bulk.status() == 200) {
        assertThat(bulk.json().getInteger("updated")).isZero();
      }
    }
    // the literal quote and backslash in a real subject are found as text
    Api.Response quoted = admin.get("/api/tickets?q=" + enc("\"O'Brien's printer\""));
    assertThat(quoted.json().getJsonArray("items")).hasSize(1);
    assertThat(counts()).isEqualTo(before);
    assertThat(app.queryLong("SELECT count(*) FROM pg_tables WHERE tablename IN ('tickets','users','messages')"))
        .isEqualTo(3);
    // and nothing slept: pg_sleep was never executed
    assertThat(System.currentTimeMillis() - started).isLessThan(120_000);
  }

  // ---- security headers

  @Test
  void securityHeadersOnEveryPageApiAnswerStaticFileAndError() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String path : List.of("/", "/agent/", "/portal/", "/wallboard/", "/agent/agent.js", "/login.css", "/api/me",
        "/api/tickets", "/api/nope", "/nope.html", "/health", "/openapi.yaml")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
          .header("Authorization", "Bearer " + admin.token()).build(), HttpResponse.BodyHandlers.ofString());
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).as(path).contains("script-src 'self'").doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval").contains("frame-ancestors 'none'").contains("object-src 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
      assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
    }
    // pages carry no inline script at all (the CSP would block it anyway)
    for (String page : List.of("/", "/agent/", "/portal/", "/wallboard/")) {
      String html = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + page)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(html.replaceAll("<script[^>]*src=[^>]*></script>", "")).as(page).doesNotContain("<script")
          .doesNotContainPattern("\\son[a-z]+=");
    }
  }

  // ---- tokens

  @Test
  void tokensSignedWithAnotherKeyOrExpiredOrRaisedToStaffAreRefused() {
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth other = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another-key-another-key-another-key-0")));
      JsonObject staff = new JsonObject().put("sub", "user:1").put("role", "admin").put("name", "Mallory")
          .put("email", TestApp.ADMIN_EMAIL).put("purpose", "session");
      String wrongKey = other.generateToken(staff, new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(60));
      assertThat(new Api(app.baseUrl(), wrongKey).get("/api/me").status()).isEqualTo(401);
      // a requester's real token with its role raised: the signature no longer matches
      String[] parts = bob.token().split("\\.");
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
          .replace("\"requester\"", "\"admin\"");
      String raised = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
      Api.Response r = new Api(app.baseUrl(), raised).get("/api/users");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
      // an expired token, however well signed by someone, is refused the same way
      String expired = other.generateToken(staff.copy().put("exp", 1_000_000_000L),
          new JWTOptions().setAlgorithm("HS256"));
      assertThat(new Api(app.baseUrl(), expired).get("/api/me").status()).isEqualTo(401);
    } finally {
      vertx.close();
    }
  }

  // ---- cross-requester access

  @Test
  void aRequesterReachesNothingOfAnotherRequesterThroughAnyRoute() throws Exception {
    Map<String, Long> before = counts();
    String a = "/api/tickets/" + aliceRef;
    String[][] refused = {
        {"GET", a, null}, {"GET", a + "/messages", null}, {"GET", a + "/history", null},
        {"POST", a + "/messages", "{\"type\":\"reply\",\"body\":\"let me in\"}"},
        {"PATCH", a, "{\"version\":1,\"priority\":\"low\"}"}, {"DELETE", a, null},
        {"POST", a + "/merge", "{\"into\":\"" + bobRef + "\"}"},
        {"POST", "/api/tickets/" + bobRef + "/merge", "{\"into\":\"" + aliceRef + "\"}"},
        {"GET", "/api/attachments/" + aliceAttachment, null},
        {"GET", "/api/attachments/" + aliceAttachment + "?inline=1", null},
        {"POST", "/api/tickets/bulk", "{\"ids\":[1,2,3],\"set\":{\"priority\":\"low\"}}"},
        {"POST", "/api/tickets/bulk", "{\"ids\":[1],\"delete\":true}"},
        {"GET", "/api/presets", null}, {"GET", "/api/tags", null}, {"GET", "/api/wallboard", null},
        {"POST", "/api/wallboard/links", "{}"}, {"GET", "/api/users", null}, {"GET", "/api/contacts", null},
        {"GET", "/api/agents/workload", null}, {"GET", "/api/sla/policies", null},
        {"PUT", "/api/sla/policies", "{}"},
        {"GET", "/api/tickets/TKT-1/history", null},
    };
    for (String[] req : refused) {
      Api.Response r = bob.send(req[0], req[1], req[2], req[2] == null ? null : "application/json");
      assertThat(r.status()).as(String.join(" ", req[0], req[1]) + " → " + r).isIn(403, 404);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.body()).doesNotContain("Alice secret").doesNotContain("alice's file");
    }
    // the list, searches and exports hold only Bob's own ticket
    for (String q : List.of("", "?q=" + enc("Alice"), "?q=" + enc("\"Alice secret\""), "?q=status:open&limit=200")) {
      Api.Response list = bob.get("/api/tickets" + q);
      assertThat(list.status()).isEqualTo(200);
      for (Object item : list.json().getJsonArray("items")) {
        assertThat(((JsonObject) item).getString("ref")).isEqualTo(bobRef);
      }
    }
    HttpResponse<byte[]> csv = bob.download("/api/tickets/export.csv");
    if (csv.statusCode() == 200) {
      String text = new String(csv.body(), StandardCharsets.UTF_8);
      assertThat(text).contains("Bob own ticket").doesNotContain("Alice secret").doesNotContain("O'Brien");
    } else {
      assertThat(csv.statusCode()).isIn(403, 404);
    }
    HttpResponse<byte[]> pdf = bob.download("/api/tickets/export.pdf");
    if (pdf.statusCode() == 200) {
      String text = pdfText(pdf.body());
      assertThat(text).contains("Bob own ticket").doesNotContain("Alice secret").doesNotContain("O'Brien");
    } else {
      assertThat(pdf.statusCode()).isIn(403, 404);
    }
    assertThat(counts()).isEqualTo(before);
    // Alice still has all of it
    assertThat(alice.get(a + "/messages").body()).contains("my file");
  }

  // ---- XSS in the PDF

  @Test
  void markupInSubjectsIsPrintedLiterallyInThePdf() throws Exception {
    JsonObject contact = Fixtures.contact(admin, "<img src=x onerror=alert(1)>");
    String payload = "<script>window.__xss=1</script> & <b>bold</b>";
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody(payload, "contact", contact.getLong("id"))), 201);
    HttpResponse<byte[]> pdf = admin.download("/api/tickets/export.pdf?q=" + enc("\"window.__xss\""));
    assertThat(pdf.statusCode()).isEqualTo(200);
    String text = pdfText(pdf.body()).replaceAll("\\s+", " ");
    assertThat(text).contains("<script>window.__xss=1</script>");
    HttpResponse<byte[]> csv = admin.download("/api/tickets/export.csv?q=" + enc("\"window.__xss\""));
    assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains(payload);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
  }

  static String pdfText(byte[] bytes) throws Exception {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      return new PDFTextStripper().getText(doc);
    }
  }
}
