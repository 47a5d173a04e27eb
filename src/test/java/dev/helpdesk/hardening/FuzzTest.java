package dev.helpdesk.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every endpoint and every live frame type. Replay a failure with
 * {@code -Dhelpdesk.fuzz.seed=N} (or HELPDESK_FUZZ_SEED=N; "random" for a new one each run; default 20261124); {@code -Dhelpdesk.fuzz.count=N} changes the count.
 *
 * <p>Pass: never a 5xx; every 4xx is problem JSON with status, title and detail; /health is 200
 * afterwards; and a batch in which every write was refused leaves the row counts unchanged.
 */
class FuzzTest {

  private static final TestApp app = TestApp.get();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
  private static final String[] TABLES = {"tickets", "messages", "users", "contacts", "events", "attachments"};

  /** Writes that add none of the counted rows even when they succeed. */
  private static final java.util.Set<String> NO_ROWS = java.util.Set.of("login", "link", "portal", "wallboard");
  private static Api admin;
  private static Api agent;
  private static Api requester;
  private static long contactId;
  private static long requesterUserId;
  private static long spareUserId;
  private static String ticketRef;
  private static String otherRef;
  private static long attachmentId;
  private static JsonObject slaPolicy;

  /** A request to send, and whether it can only be refused (then it must not be 2xx and must not write). */
  record Req(String method, String path, byte[] body, String contentType, String token, Map<String, String> headers,
      String kind) {}

  record Failure(Req req, int status, String body, String why) {
    @Override
    public String toString() {
      String b = body.length() > 300 ? body.substring(0, 300) + "…" : body;
      return why + ": " + req.method + " " + shorten(req.path) + " [" + req.kind + "] → " + status + " " + b;
    }
  }

  @BeforeAll
  static void setUp() {
    app.reset();
    admin = app.admin();
    JsonObject agentUser = Fixtures.user(admin, "Fuzz Agent", "agent");
    agent = Fixtures.login(app, agentUser);
    JsonObject requesterUser = Fixtures.user(admin, "Fuzz Requester", "requester");
    requesterUserId = requesterUser.getLong("id");
    requester = Fixtures.login(app, requesterUser);
    spareUserId = Fixtures.user(admin, "Fuzz Spare", "agent").getLong("id");
    JsonObject contact = Fixtures.contact(admin, "Fuzz Contact");
    contactId = contact.getLong("id");
    ticketRef = Fixtures.ticket(admin, "Fuzz target", contact).getString("ref");
    otherRef = Fixtures.ticket(admin, "Fuzz other", contact).getString("ref");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Requester's own", "user", requesterUserId)), 201);
    Api.Response up = admin.upload("fuzz.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    Fixtures.check(up, 201);
    attachmentId = up.json().getLong("id");
    Fixtures.check(admin.post("/api/tickets/" + ticketRef + "/messages", new JsonObject().put("type", "reply")
        .put("body", "with a file").put("attachmentIds", new JsonArray().add(attachmentId))), 201);
    slaPolicy = admin.get("/api/sla/policies").json();
  }

  @AfterAll
  static void tidyUp() {
    // fuzzed logins must not lock anybody out for the classes that follow
    app.execute("TRUNCATE login_failures");
    Api.Response r = admin.send("PUT", "/api/sla/policies", slaPolicy.encode(), "application/json");
    assertThat(r.status()).isEqualTo(200);
  }

  static long seed() {
    String s = System.getProperty("helpdesk.fuzz.seed", System.getenv("HELPDESK_FUZZ_SEED"));
    // a fixed seed by default, so that CI runs the same 10,000 requests every time; set one to explore others
    if (s == null || s.isBlank()) {
      return 20261124L;
    }
    return "random".equals(s.strip()) ? new Random().nextLong() : Long.parseLong(s.strip());
  }

  @Test
  void tenThousandHostileRequestsNeverBreakTheService() throws Exception {
    long seed = seed();
    int count = Integer.getInteger("helpdesk.fuzz.count", 10_000);
    System.out.println("FuzzTest seed " + seed + " (replay: -Dhelpdesk.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Req> requests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      requests.add(new Gen(random).next());
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> byEndpoint = new ConcurrentHashMap<>();
    int strictBatches = 0;
    int batches = 0;
    long started = System.nanoTime();
    try {
      int batchSize = 100;
      for (int from = 0; from < requests.size(); from += batchSize) {
        List<Req> batch = requests.subList(from, Math.min(requests.size(), from + batchSize));
        Map<String, Long> before = counts();
        List<Future<Boolean>> writes = new ArrayList<>();
        for (Req req : batch) {
          writes.add(pool.submit(() -> {
            if ("hostile-uri".equals(req.kind)) {
              sendRaw(req, failures);
              byEndpoint.computeIfAbsent("hostile-uri", k -> new AtomicInteger()).incrementAndGet();
              return false;
            }
            HttpResponse<String> r;
            try {
              try {
                r = send(req);
              } catch (java.io.IOException e) {
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                  throw e;
                }
                r = send(req); // a pooled connection the server had just closed (after a 413/414/431)
              }
            } catch (java.io.IOException e) {
              failures.add(new Failure(req, -1, String.valueOf(e), "no answer"));
              return false;
            }
            byStatus.computeIfAbsent(String.valueOf(r.statusCode()), k -> new AtomicInteger()).incrementAndGet();
            byEndpoint.computeIfAbsent(endpoint(req), k -> new AtomicInteger()).incrementAndGet();
            check(req, r, failures);
            return !"GET".equals(req.method) && r.statusCode() < 300 && !NO_ROWS.contains(req.kind);
          }));
        }
        boolean anyWrite = false;
        for (Future<Boolean> w : writes) {
          anyWrite |= w.get(120, TimeUnit.SECONDS);
        }
        batches++;
        if (!anyWrite) {
          strictBatches++;
          Map<String, Long> after = counts();
          if (!after.equals(before)) {
            failures.add(new Failure(batch.get(0), 0, "", "rows changed in a batch of refused requests: " + before
                + " → " + after));
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.println("FuzzTest: " + requests.size() + " requests in " + ms + " ms; statuses " + new java.util.TreeMap<>(byStatus)
        + "; " + byEndpoint.size() + " endpoints; " + strictBatches + "/" + batches + " batches all refused, rows unchanged");
    assertThat(failures).as("seed " + seed).isEmpty();
    assertThat(byEndpoint.size()).isGreaterThanOrEqualTo(30);
    assertThat(strictBatches).isGreaterThan(0);
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void everyLiveFrameTypeGetsAnAnswerAndTheSocketSurvives() throws Exception {
    long seed = seed();
    System.out.println("FuzzTest live seed " + seed);
    Random random = new Random(seed);
    for (Api who : new Api[] {admin, agent, requester}) {
      Socket s = new Socket(who.token());
      s.await("hello");
      int sent = 0;
      for (int i = 0; i < 400; i++) {
        String frame = liveFrame(random);
        s.ws.sendText(frame, true).get(5, TimeUnit.SECONDS);
        sent++;
      }
      // binary frames are refused with an error frame, too
      s.ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
      s.ws.sendText("{\"type\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
      s.await("pong");
      assertThat(s.closed).as("seed " + seed + ": socket closed").isNotDone();
      for (String text : s.frames) {
        JsonObject f = new JsonObject(text);
        assertThat(f.getString("type")).as(text).isNotNull();
        if ("error".equals(f.getString("type"))) {
          assertThat(f.getString("detail")).as(text).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.");
        }
      }
      assertThat(s.frames.stream().filter(t -> t.contains("\"error\"")).count()).isGreaterThan(sent / 4);
      s.ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
    }
    assertThat(admin.get("/api/me").status()).isEqualTo(200);
  }

  // ---- sending and checking

  static HttpResponse<String> send(Req req) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + req.path)).timeout(Duration.ofSeconds(20))
        .method(req.method, req.body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(req.body));
    if (req.contentType != null) {
      b.header("Content-Type", req.contentType);
    }
    if (req.token != null) {
      b.header("Authorization", req.token);
    }
    req.headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A malformed URI, which java.net.http refuses to send: written by hand; it must be a problem JSON 400. */
  static void sendRaw(Req req, List<Failure> failures) throws Exception {
    String answer = RawHttp.exchange(URI.create(app.baseUrl()), req.method + " " + req.path + " HTTP/1.1\r\n"
        + "Host: x\r\n" + (req.token == null ? "" : "Authorization: " + req.token + "\r\n")
        + "Connection: close\r\n\r\n");
    int status = RawHttp.status(answer);
    if (status != 400 || !answer.toLowerCase().contains("content-type: application/problem+json")) {
      failures.add(new Failure(req, status, answer, "malformed URI not refused as problem JSON 400"));
    }
  }

  static void check(Req req, HttpResponse<String> r, List<Failure> failures) {
    int status = r.statusCode();
    String body = r.body();
    if (status >= 500) {
      failures.add(new Failure(req, status, body, "5xx"));
      return;
    }
    if (status >= 400) {
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith("application/problem+json")) {
        failures.add(new Failure(req, status, body, "not problem JSON (" + type + ")"));
        return;
      }
      try {
        JsonObject p = new JsonObject(body);
        if (p.getInteger("status", -1) != status || p.getString("title") == null || p.getString("detail") == null) {
          failures.add(new Failure(req, status, body, "problem JSON without status/title/detail"));
        }
      } catch (RuntimeException e) {
        failures.add(new Failure(req, status, body, "unparseable problem JSON"));
      }
      if (body.contains("Exception") || body.contains("SQLSTATE") || body.contains("\tat ")) {
        failures.add(new Failure(req, status, body, "internals leaked"));
      }
    }
  }

  static Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, app.queryLong("SELECT count(*) FROM " + table));
    }
    return counts;
  }

  static String endpoint(Req req) {
    String p = req.path.replaceAll("\\?.*", "");
    return req.method + " " + p.replaceAll("/api/(tickets|users|contacts|attachments)/[^/]+", "/api/$1/:x");
  }

  static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + ")" : s;
  }

  // ---- the generator

  /** Picks an endpoint, a caller and a hostile body or query. */
  static final class Gen {
    final Random r;

    Gen(Random r) {
      this.r = r;
    }

    <T> T pick(List<T> list) {
      return list.get(r.nextInt(list.size()));
    }

    String token() {
      int n = r.nextInt(20);
      if (n < 8) {
        return "Bearer " + admin.token();
      } else if (n < 12) {
        return "Bearer " + agent.token();
      } else if (n < 16) {
        return "Bearer " + requester.token();
      } else if (n == 16) {
        return null;
      } else if (n == 17) {
        return "Bearer " + junk(40);
      } else if (n == 18) {
        return "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
      }
      return "Bearer " + admin.token().substring(0, admin.token().length() - 3) + "abc";
    }

    Req next() {
      int n = r.nextInt(100);
      String token = token();
      Map<String, String> headers = new LinkedHashMap<>();
      if (n < 4) {
        return hostile(token);
      }
      if (n < 22) {
        return query(token);
      }
      if (n < 26) {
        return new Req("GET", pick(List.of("/api/me", "/api/users", "/api/users?role=" + enc(junk(8)),
            "/api/contacts?q=" + enc(text()), "/api/presets", "/api/tags?q=" + enc(text()) + "&limit=" + enc(number()),
            "/api/agents/workload", "/api/sla/policies", "/api/wallboard", "/api/live", "/health", "/metrics",
            "/openapi.yaml", "/api/nothing/" + enc(junk(5)), "/agent/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
            "/api/tickets/" + ticketRef + "/history", "/api/tickets/" + otherRef + "/messages")), null, null, token,
            headers, "get");
      }
      if (n < 32) {
        return new Req(pick(List.of("GET", "DELETE", "PATCH", "POST")), "/api/" + pick(List.of("tickets/", "users/",
            "contacts/", "attachments/", "tickets/TKT-")) + enc(ref()) + pick(List.of("", "/history", "/messages",
            "/merge", "?inline=1", "/../" + "users")), encode(bodyFor(pick(List.of("ticket", "patch", "message", "merge")))),
            "application/json", token, headers, "ids");
      }
      if (n < 35) {
        // oversized and malformed framing
        int k = r.nextInt(4);
        if (k == 0) {
          return new Req("POST", "/api/tickets", ("{\"subject\":\"" + "x".repeat(1_100_000) + "\"}")
              .getBytes(StandardCharsets.UTF_8), "application/json", token, headers, "oversized");
        } else if (k == 1) {
          return new Req("GET", "/api/tickets?q=" + "a".repeat(5000 + r.nextInt(10_000)), null, null, token, headers,
              "long-uri");
        } else if (k == 2) {
          headers.put("X-Junk", "y".repeat(9000 + r.nextInt(5000)));
          return new Req("GET", "/api/me", null, null, token, headers, "long-header");
        }
        return new Req("POST", "/api/attachments", multipart(), pick(List.of("multipart/form-data; boundary=zz",
            "multipart/form-data", "application/json", "multipart/form-data; boundary=")), token, headers, "upload");
      }
      String[][] writes = {
          {"POST", "/api/auth/login", "login"}, {"POST", "/api/auth/portal", "portal"},
          {"POST", "/api/auth/portal/link", "link"}, {"POST", "/api/users", "user"},
          {"PATCH", "/api/users/" + spareUserId, "user"}, {"POST", "/api/contacts", "contact"},
          {"POST", "/api/tickets", "ticket"}, {"PATCH", "/api/tickets/" + ticketRef, "patch"},
          {"POST", "/api/tickets/" + ticketRef + "/merge", "merge"},
          {"POST", "/api/tickets/" + ticketRef + "/messages", "message"}, {"POST", "/api/tickets/bulk", "bulk"},
          {"PUT", "/api/sla/policies", "sla"}, {"POST", "/api/wallboard/links", "wallboard"},
      };
      String[] w = writes[r.nextInt(writes.length)];
      return new Req(w[0], w[1], encode(bodyFor(w[2])), contentType(), token, headers, w[2]);
    }

    /** The classes of HostileInputTest, at random: malformed escapes anywhere, bodies on any method and type. */
    Req hostile(String token) {
      String route = pick(List.of("/api/tickets", "/api/tickets/" + ticketRef, "/api/users", "/api/contacts",
          "/api/tickets/export.pdf", "/api/tickets/export.csv", "/api/attachments", "/api/auth/login", "/health",
          "/agent/"));
      String bad = pick(List.of("%ZZ", "%", "%%%", "%E0%A4%A", "%C3%28", "%00", "%FF", "%2"));
      return switch (r.nextInt(3)) {
        case 0 -> new Req(pick(List.of("GET", "PATCH", "DELETE")), route + "/" + bad, null, null, token, Map.of(),
            "hostile-uri");
        case 1 -> new Req("GET", route + "?" + pick(List.of("cursor=", "q=", "limit=", "sort=", "")) + bad, null, null,
            token, Map.of(), "hostile-uri");
        default -> new Req(pick(List.of("OPTIONS", "GET", "DELETE", "TRACE")), // HEAD: HostileInputTest (no body to parse)
            route.replace(ticketRef, "TKT-999999") + "?q=status:open",
            encode(bodyFor("ticket")), pick(List.of("multipart/form-data; boundary=x", "multipart/form-data",
                "application/x-www-form-urlencoded", "application/json", "text/plain")), token, Map.of(),
            "hostile-body");
      };
    }

    Req query(String token) {
      String path = pick(List.of("/api/tickets", "/api/tickets", "/api/tickets", "/api/tickets/export.csv",
          "/api/tickets/export.pdf"));
      List<String> params = new ArrayList<>();
      int k = 1 + r.nextInt(4);
      for (int i = 0; i < k; i++) {
        switch (r.nextInt(5)) {
          case 0, 1 -> params.add("q=" + enc(tokenQuery()));
          case 2 -> params.add("sort=" + enc(pick(List.of("created", "-created", "updated", "-updated", "priority",
              "due", "sla", "-priority", "created;drop table tickets", "CREATED", "", "subject", "--", junk(6)))));
          case 3 -> params.add("cursor=" + enc(cursor()));
          default -> params.add(pick(List.of("limit=", "preset=")) + enc(pick(List.of(number(), "my_open",
              "urgent_unassigned", "sla_breaching", "none", junk(10), "200", "201", "0", "-1"))));
        }
      }
      if (r.nextInt(10) == 0) {
        params.add("q=%ff%fe%00");
      }
      return new Req("GET", path + "?" + String.join("&", params), null, null, token, Map.of(), "query");
    }

    String tokenQuery() {
      List<String> tokens = new ArrayList<>();
      int k = r.nextInt(5);
      for (int i = 0; i < k; i++) {
        String name = pick(List.of("status", "priority", "category", "channel", "agent", "requester", "tag",
            "created", "updated", "due", "sla", "unknown", "", "-status", "--tag", "subject"));
        String value = pick(List.of("open", "open,pending", "closed", ",", ",,", "me", "none", "5", "-1",
            "99999999999999999999", "2026-01-01..2026-01-31", "..2026-02-01", "2026-13-45", "0000-00-00..",
            "9999-12-31", "..", "...", "'; drop table tickets;--", "\"", "\\", "a\\'b", "%", "_", "é😀", "\u202e",
            "\u0000", "x@y.z", "breached,approaching", junk(5), "2026-02-30", "+5", "1e9"));
        tokens.add(name.isEmpty() ? value : name + ":" + value);
      }
      if (r.nextBoolean()) {
        tokens.add(pick(List.of("\"unterminated", "\"quoted phrase\"", "word", "%_%", "\\\\", "'", "😀", "\u200b",
            "ǅ", "İ", "\ud800", text())));
      }
      return String.join(pick(List.of(" ", "  ", "\t", "\n")), tokens);
    }

    String cursor() {
      return switch (r.nextInt(6)) {
        case 0 -> junk(20);
        case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(
            ("{\"v\":\"" + junk(5) + "\",\"id\":" + number() + "}").getBytes(StandardCharsets.UTF_8));
        case 2 -> Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff, 0, 1, 2});
        case 3 -> "x".repeat(500);
        case 4 -> Base64.getEncoder().encodeToString("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        default -> "' OR 1=1 --";
      };
    }

    String contentType() {
      int n = r.nextInt(20);
      return switch (n) {
        case 0 -> null;
        case 1 -> "text/plain";
        case 2 -> "application/x-www-form-urlencoded";
        case 3 -> "application/json; charset=iso-8859-1";
        case 4 -> "multipart/form-data; boundary=x";
        case 5 -> "application/jsonp";
        default -> "application/json";
      };
    }

    /** A hostile body: a valid-looking one with bad fields, or no JSON object at all. */
    Object bodyFor(String kind) {
      int n = r.nextInt(12);
      if (n == 0) {
        return pick(List.of("", " ", "{", "}", "null", "[]", "[{}]", "\"string\"", "42", "true", "{\"a\":}",
            "{'single':'quotes'}", "{\"a\":1,}", "{\"a\":NaN}", "{\"a\":Infinity}", "\u0000", "{\"a\":1}{\"b\":2}",
            "{\"subject\":\"x\"/*c*/}"));
      }
      if (n == 1) {
        return deep(r.nextInt(3) == 0 ? 5000 : 200 + r.nextInt(800));
      }
      if (n == 2) {
        return new byte[][] {
            {'{', '"', 's', 'u', 'b', 'j', 'e', 'c', 't', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'},
            {'{', '"', 'b', 'o', 'd', 'y', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
            {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},
            {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'},
            {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
        }[r.nextInt(5)];
      }
      JsonObject base = template(kind);
      List<String> keys = new ArrayList<>(base.fieldNames());
      keys.add("__proto__");
      keys.add("id");
      keys.add("version");
      int mutations = 1 + r.nextInt(3);
      for (int i = 0; i < mutations; i++) {
        String key = pick(keys);
        if (r.nextInt(8) == 0) {
          base.remove(key);
        } else {
          base.put(key, value());
        }
      }
      if (n == 3) {
        return new JsonArray().add(base).encode();
      }
      return base;
    }

    JsonObject template(String kind) {
      return switch (kind) {
        case "login" -> new JsonObject().put("email", "nobody-" + r.nextInt(50) + "@fuzz.example")
            .put("password", "wrong");
        case "portal" -> new JsonObject().put("token", junk(30));
        case "link" -> new JsonObject().put("email", "fuzz" + r.nextInt(100) + "@fuzz.example");
        case "user" -> new JsonObject().put("email", "fuzz-user@fuzz.example").put("name", "Fuzz").put("role", "agent")
            .put("password", "password-fuzz-1").put("active", true);
        case "contact" -> new JsonObject().put("email", "fuzz-contact@fuzz.example").put("name", "Fuzz C")
            .put("phone", "123").put("company", "Acme");
        case "ticket" -> Fixtures.ticketBody("Fuzz", "contact", contactId).put("dueAt", "2030-01-01T00:00:00Z")
            .put("assignee", spareUserId);
        case "patch" -> new JsonObject().put("version", 1).put("status", "pending").put("priority", "high")
            .put("tags", new JsonArray().add("a"));
        case "merge" -> new JsonObject().put("into", otherRef);
        case "message" -> new JsonObject().put("type", "note").put("body", "fuzz")
            .put("attachmentIds", new JsonArray().add(attachmentId));
        case "bulk" -> new JsonObject().put("ids", new JsonArray().add(1).add(2)).put("set",
            new JsonObject().put("priority", "low"));
        case "sla" -> slaPolicy.copy();
        case "wallboard" -> new JsonObject();
        default -> new JsonObject();
      };
    }

    Object value() {
      return switch (r.nextInt(26)) {
        case 0 -> null;
        case 1 -> new JsonArray().add("a").add(1);
        case 2 -> new JsonObject().put("type", "contact").put("id", new JsonArray());
        case 3 -> Long.MAX_VALUE;
        case 4 -> -1;
        case 5 -> 0;
        case 6 -> 1.5;
        case 7 -> new java.math.BigInteger("9".repeat(40));
        case 8 -> 1e308;
        case 9 -> "x".repeat(200 + r.nextInt(120_000));
        case 10 -> "";
        case 11 -> "<script>alert(1)</script>";
        case 12 -> "'; drop table tickets;--";
        case 13 -> "\u0000nul";
        case 14 -> "\ud800";
        case 15 -> "\u202egnp.exe";
        case 16 -> "😀".repeat(r.nextInt(300));
        case 17 -> true;
        case 18 -> new JsonArray(Collections.nCopies(r.nextInt(2000), "t"));
        case 19 -> "2026-02-30T25:61:00Z";
        case 20 -> "TKT-" + "9".repeat(r.nextInt(25));
        case 21 -> new JsonObject().put("$gt", "");
        case 22 -> "urgent";
        case 23 -> new JsonArray().add(new JsonObject()).add((Object) null);
        case 24 -> -9.0e18;
        default -> text();
      };
    }

    String text() {
      StringBuilder b = new StringBuilder();
      int k = r.nextInt(30);
      for (int i = 0; i < k; i++) {
        b.append(pick(List.of("a", " ", "é", "😀", "\u200b", "\u202e", "\ufeff", "\\", "'", "\"", "%", "_", "<", ">",
            "&", "\r\n", "\t", "\u0301", "ﷺ", "\uffff", "${x}", "{{x}}")));
      }
      return b.toString();
    }

    String junk(int n) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        b.append((char) (33 + r.nextInt(94)));
      }
      return b.toString();
    }

    String number() {
      return pick(List.of("-1", "0", "1", "50", "200", "201", "1e9", "2147483648", "99999999999999999999", "abc",
          "1.5", "0x10", "", " 5", "NaN"));
    }

    String ref() {
      return pick(List.of("0", "-1", "1", "99999999", "9223372036854775808", "TKT-", "TKT-0", "abc", "%00", "..",
          "1;drop", "TKT-1'--", "😀", ticketRef, otherRef, String.valueOf(attachmentId), String.valueOf(spareUserId),
          "1 OR 1=1", "%2e%2e%2f"));
    }

    String deep(int depth) {
      boolean arrays = r.nextBoolean();
      StringBuilder b = new StringBuilder("{\"subject\":");
      for (int i = 0; i < depth; i++) {
        b.append(arrays ? "[" : "{\"a\":");
      }
      b.append("1");
      for (int i = 0; i < depth; i++) {
        b.append(arrays ? "]" : "}");
      }
      return b.append("}").toString();
    }

    byte[] multipart() {
      String s = switch (r.nextInt(4)) {
        case 0 -> "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nx";
        case 1 -> "--zz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--zz--\r\n";
        case 2 -> "garbage";
        default -> "--zz\r\n\r\n\r\n--zz--";
      };
      return s.getBytes(StandardCharsets.UTF_8);
    }
  }

  static byte[] encode(Object body) {
    if (body == null) {
      return null;
    }
    if (body instanceof byte[] bytes) {
      return bytes;
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- live frames

  static String liveFrame(Random r) {
    String[] topics = {"tickets", "wallboard", "ticket:" + ticketRef, "ticket:" + otherRef, "ticket:TKT-0",
        "ticket:TKT-99999999999999999", "ticket:", "", "TICKETS", "ticket:../../", "😀", "x".repeat(300)};
    Object topic = switch (r.nextInt(6)) {
      case 0 -> 42;
      case 1 -> null;
      case 2 -> new JsonArray().add("tickets");
      default -> topics[r.nextInt(topics.length)];
    };
    Object after = switch (r.nextInt(8)) {
      case 0 -> "12";
      case 1 -> -5;
      case 2 -> 1.5;
      case 3 -> new java.math.BigInteger("9".repeat(30));
      case 4 -> null;
      case 5 -> 1e300;
      default -> 0;
    };
    return switch (r.nextInt(14)) {
      case 0 -> "{not json";
      case 1 -> "[]";
      case 2 -> "null";
      case 3 -> "{\"type\":\"" + "x".repeat(r.nextInt(100)) + "\"}";
      case 4 -> new JsonObject().put("type", 7).encode();
      case 5 -> "{\"type\":\"subscribe\",\"topic\":\"" + "a".repeat(17_000) + "\"}";
      case 6, 7 -> new JsonObject().put("type", "subscribe").put("topic", topic).encode();
      case 8 -> new JsonObject().put("type", "unsubscribe").put("topic", topic).encode();
      case 9, 10 -> new JsonObject().put("type", "resume").put("after", after).encode();
      case 11 -> new JsonObject().put("type", "presence").put("ticket", topic).put("state",
          new String[] {"viewing", "typing", "left", "dancing", ""}[r.nextInt(5)]).encode();
      case 12 -> "{\"type\":\"subscribe\",\"topic\":" + "[".repeat(3000) + "]".repeat(3000) + "}";
      default -> "\ud800\udfff\u0000";
    };
  }

  /** A raw socket that keeps every text frame. */
  static final class Socket implements WebSocket.Listener {
    final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
    final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final WebSocket ws;
    private final StringBuilder partial = new StringBuilder();

    Socket(String token) {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(app.baseUrl().replaceFirst("^http",
          "ws") + "/api/live?access_token=" + enc(token)), this).join();
    }

    void await(String type) throws InterruptedException {
      long until = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < until) {
        String f = inbox.poll(200, TimeUnit.MILLISECONDS);
        if (f != null && f.contains("\"type\":\"" + type + "\"")) {
          return;
        }
      }
      throw new AssertionError("no " + type + " frame; closed: " + closed.getNow(null));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        inbox.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
