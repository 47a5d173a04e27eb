package dev.helpdesk.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One test per limit of docs/limits.md: each refused with a clear problem (or error frame / close code). */
class LimitsTest {

  private static final TestApp app = TestApp.get();
  private static Api admin;
  private static JsonObject contact;
  private static String ref;

  @BeforeAll
  static void setUp() {
    app.reset();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Limit Contact");
    ref = Fixtures.ticket(admin, "Limits", contact).getString("ref");
  }

  static void problem(Api.Response r, int status, String detailContains) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getInteger("status")).isEqualTo(status);
    assertThat(r.body()).contains(detailContains);
  }

  @Test
  void jsonBodyOverOneMegabyte() {
    String body = new JsonObject().put("subject", "x").put("description", "d".repeat(1024 * 1024)).encode();
    problem(admin.send("POST", "/api/tickets", body, "application/json"), 413, "too large");
  }

  @Test
  void uploadOverTenMegabytes() {
    problem(admin.upload("big.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1]), 413, "10 MB");
  }

  @Test
  void subjectDescriptionAndMessageLengths() {
    long id = contact.getLong("id");
    problem(admin.post("/api/tickets", Fixtures.ticketBody("x".repeat(201), "contact", id)), 400, "at most 200");
    problem(admin.post("/api/tickets", Fixtures.ticketBody("ok", "contact", id).put("description", "x".repeat(100_001))),
        400, "at most 100000");
    problem(admin.post("/api/tickets/" + ref + "/messages", new JsonObject().put("type", "reply")
        .put("body", "x".repeat(50_001))), 400, "at most 50000");
  }

  @Test
  void tagsCountAndLength() {
    long id = contact.getLong("id");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 21; i++) {
      many.add("t" + i);
    }
    problem(admin.post("/api/tickets", Fixtures.ticketBody("ok", "contact", id).put("tags", many)), 400,
        "at most 20 tags");
    problem(admin.post("/api/tickets", Fixtures.ticketBody("ok", "contact", id)
        .put("tags", new JsonArray().add("x".repeat(41)))), 400, "1 to 40 characters");
  }

  @Test
  void attachmentsPerMessage() {
    JsonArray ids = new JsonArray(Collections.nCopies(11, 1));
    problem(admin.post("/api/tickets/" + ref + "/messages", new JsonObject().put("type", "reply").put("body", "b")
        .put("attachmentIds", ids)), 400, "at most 10");
  }

  @Test
  void queryLengthTokensAndPageSize() {
    problem(admin.get("/api/tickets?q=" + "a".repeat(2001)), 400, "at most 2000");
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < 41; i++) {
      q.append("w").append(i).append(' ');
    }
    problem(admin.get("/api/tickets?q=" + URLEncoder.encode(q.toString(), StandardCharsets.UTF_8)), 400, "at most 40");
    problem(admin.get("/api/tickets?limit=201"), 400, "from 1 to 200");
    problem(admin.get("/api/tickets?limit=0"), 400, "from 1 to 200");
    problem(admin.get("/api/tickets?cursor=" + "x".repeat(401)), 400, "at most 400");
    problem(admin.get("/api/tickets?sort=" + "x".repeat(21)), 400, "at most 20");
    problem(admin.post("/api/tickets/bulk", new JsonObject().put("query", "a".repeat(2001))
        .put("set", new JsonObject().put("priority", "low"))), 400, "at most 2000");
  }

  @Test
  void bulkIds() {
    JsonArray ids = new JsonArray();
    for (int i = 1; i <= 50_001; i++) {
      ids.add(i);
    }
    problem(admin.post("/api/tickets/bulk", new JsonObject().put("ids", ids)
        .put("set", new JsonObject().put("priority", "low"))), 400, "at most 50000");
  }

  @Test
  void uriAndHeaderSizes() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> longUri = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/tickets?q="
        + "a".repeat(5000))).header("Authorization", "Bearer " + admin.token()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(longUri.statusCode()).isEqualTo(414);
    assertThat(longUri.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(new JsonObject(longUri.body()).getString("detail")).contains("4096");
    HttpResponse<String> bigHeader = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/me"))
        .header("X-Big", "y".repeat(10_000)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bigHeader.statusCode()).isEqualTo(431);
    assertThat(new JsonObject(bigHeader.body()).getInteger("status")).isEqualTo(431);
  }

  @Test
  void liveFramesOverSixteenAndOverSixtyFourKilobytesGetErrorFrames() throws Exception {
    try (LiveClient live = LiveClient.connect(app, admin)) {
      live.sendText("{\"type\":\"subscribe\",\"topic\":\"" + "a".repeat(20_000) + "\"}");
      JsonObject error = live.next(f -> "error".equals(f.getString("type")));
      assertThat(error.getString("detail")).contains("16 KB");
      live.subscribe("tickets"); // still open
    }
    try (LiveClient live = LiveClient.connect(app, admin)) {
      live.sendText("{\"type\":\"ping\",\"pad\":\"" + "a".repeat(70_000) + "\"}");
      JsonObject error = live.next(f -> "error".equals(f.getString("type")));
      assertThat(error.getString("detail")).contains("at most 64 KB");
      live.subscribe("tickets"); // the socket stays open
    }
  }

  @Test
  void topicsPerSocket() {
    try (LiveClient live = LiveClient.connect(app, admin)) {
      for (int i = 1; i <= 100; i++) {
        live.send(new JsonObject().put("type", "subscribe").put("topic", "ticket:TKT-" + (1000 + i)));
      }
      live.send(new JsonObject().put("type", "subscribe").put("topic", "ticket:TKT-9999"));
      JsonObject error = live.next(f -> "error".equals(f.getString("type")));
      assertThat(error.getString("detail")).contains("At most 100 topics");
    }
  }

  @Test
  void presenceTicketsPerSocket() {
    try (LiveClient live = LiveClient.connect(app, admin)) {
      for (int i = 1; i <= 21; i++) {
        live.send(new JsonObject().put("type", "presence").put("ticket", "TKT-" + (2000 + i)).put("state", "viewing"));
      }
      JsonObject error = live.next(f -> "error".equals(f.getString("type")));
      assertThat(error.getString("detail")).contains("At most 20 tickets with presence");
    }
  }

  @Test
  void twentyLiveConnectionsPerPerson() throws Exception {
    JsonObject agentUser = Fixtures.user(admin, "Many Tabs", "agent");
    Api agent = Fixtures.login(app, agentUser);
    List<LiveClient> tabs = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        tabs.add(LiveClient.connect(app, agent));
      }
      Raw extra = new Raw(agent.token());
      assertThat(extra.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4429);
      assertThat(String.join("", extra.frames)).contains("Too many live connections");
      // another person is not affected, and closing a tab frees a place
      try (LiveClient other = LiveClient.connect(app, admin)) {
        other.subscribe("tickets");
      }
      tabs.remove(0).close();
      long until = System.currentTimeMillis() + 10_000;
      Raw again;
      do {
        again = new Raw(agent.token());
        String first = again.first();
        if (first.contains("\"hello\"")) {
          break;
        }
        Thread.sleep(100);
      } while (System.currentTimeMillis() < until);
      assertThat(again.first()).contains("\"hello\"");
      again.ws.sendClose(1000, "done");
    } finally {
      tabs.forEach(LiveClient::close);
    }
  }

  /** A raw socket that keeps its frames and its close code. */
  static final class Raw implements java.net.http.WebSocket.Listener {
    final List<String> frames = Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
    final java.util.concurrent.CompletableFuture<String> firstFrame = new java.util.concurrent.CompletableFuture<>();
    final java.net.http.WebSocket ws;

    Raw(String token) {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(app.baseUrl()
          .replaceFirst("^http", "ws") + "/api/live?access_token=" + token), this).join();
    }

    String first() throws Exception {
      return firstFrame.get(10, TimeUnit.SECONDS);
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
      frames.add(data.toString());
      firstFrame.complete(data.toString());
      w.request(1);
      return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket w, int code, String reason) {
      closed.complete(code);
      return null;
    }

    @Override
    public void onError(java.net.http.WebSocket w, Throwable error) {
      closed.complete(-1);
    }
  }
}
