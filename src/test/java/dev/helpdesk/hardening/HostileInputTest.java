package dev.helpdesk.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route, systematically, with the classes of hostile input an outside fuzz run found
 * answered with 5xx or plain text: malformed percent-encoding anywhere in the URI (path,
 * query, cursor), and any body on any method with any content type. Never a 5xx; every
 * 4xx problem JSON; nothing written.
 */
class HostileInputTest {

  private static final TestApp app = TestApp.get();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static Api admin;
  private static String ref;

  /** Every route shape of the service (ids of things that exist, so that handlers run). */
  private static List<String> routes() {
    return List.of("/api/me", "/api/users", "/api/users/1", "/api/contacts", "/api/contacts/1", "/api/tickets",
        "/api/tickets/" + ref, "/api/tickets/" + ref + "/messages", "/api/tickets/" + ref + "/history",
        "/api/tickets/" + ref + "/merge", "/api/tickets/bulk", "/api/tickets/export.csv", "/api/tickets/export.pdf",
        "/api/attachments", "/api/attachments/1", "/api/presets", "/api/tags", "/api/agents/workload",
        "/api/sla/policies", "/api/wallboard", "/api/wallboard/links", "/api/auth/login", "/api/auth/portal",
        "/api/auth/portal/link", "/api/live", "/health", "/health/ready", "/health/live", "/metrics", "/openapi.yaml",
        "/agent/", "/portal/", "/wallboard/", "/shared/live.js", "/nothing-here");
  }

  private static final List<String> BAD_PATH_PARTS = List.of("%ZZ", "%", "%%%", "%E0%A4%A", "%C3%28", "%00", "%FF",
      "%ED%A0%80", "%2", "%G1");
  private static final List<String> BAD_QUERIES = List.of("cursor=%%%", "q=%ZZ", "%=1", "limit=%C3%28", "q=a%00b",
      "sort=%", "cursor=%E0%A4%A", "preset=%FF%FE", "a=%2", "q=%u0041");
  private static final List<String> METHODS = List.of("GET", "HEAD", "OPTIONS", "DELETE", "PATCH", "TRACE");
  private static final List<String> CONTENT_TYPES = List.of("multipart/form-data; boundary=x",
      "multipart/form-data", "application/x-www-form-urlencoded", "application/json", "text/plain", ";;=");

  @BeforeAll
  static void setUp() {
    app.reset();
    admin = app.admin();
    ref = Fixtures.ticket(admin, "Hostile target", Fixtures.contact(admin, "Hostile Contact")).getString("ref");
  }

  @Test
  void aLoneSurrogateInATextFieldIsA400NotAQuestionMark() {
    // valid UTF-8 bytes, but the JSON escape names half of a pair: no UTF-8 can hold it, and the
    // database would have stored "?" in its place
    long tickets = app.queryLong("SELECT count(*) FROM tickets");
    long messages = app.queryLong("SELECT count(*) FROM messages");
    String ticket = Fixtures.ticketBody("Lone SURROGATE here", "contact", Fixtures.contact(admin, "Sam Surrogate")
        .getLong("id")).encode().replace("SURROGATE", "\\ud800");

    Api.Response created = admin.send("POST", "/api/tickets", ticket, "application/json");
    Api.Response note = admin.send("POST", "/api/tickets/" + ref + "/messages",
        "{\"type\":\"note\",\"body\":\"half \\udfff\"}", "application/json");

    assertThat(created.status()).as(created.body()).isEqualTo(400);
    assertThat(created.body()).contains("\"field\":\"subject\"");
    assertThat(note.status()).as(note.body()).isEqualTo(400);
    assertThat(note.body()).contains("\"field\":\"body\"");
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).isEqualTo(tickets);
    assertThat(app.queryLong("SELECT count(*) FROM messages")).isEqualTo(messages);
  }

  @Test
  void malformedPercentEncodingAnywhereInTheUriIsAProblem400() throws Exception {
    // java.net.http refuses to send such URIs: written by hand
    List<String[]> requests = new ArrayList<>();
    for (String route : routes()) {
      for (String bad : BAD_PATH_PARTS) {
        requests.add(new String[] {"GET", route + "/" + bad});
        requests.add(new String[] {"PATCH", route + bad});
      }
      for (String query : BAD_QUERIES) {
        requests.add(new String[] {"GET", route + "?" + query});
      }
    }
    URI base = URI.create(app.baseUrl());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String[] req : requests) {
        done.add(pool.submit(() -> {
          String answer = RawHttp.exchange(base, req[0] + " " + req[1] + " HTTP/1.1\r\nHost: x\r\n"
              + "Authorization: Bearer " + admin.token() + "\r\nContent-Type: application/json\r\n"
              + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
          int status = RawHttp.status(answer);
          if (status != 400 || !answer.toLowerCase().contains("content-type: application/problem+json")
              || new JsonObject(RawHttp.body(answer)).getInteger("status", -1) != 400) {
            failures.add(req[0] + " " + req[1] + " -> " + answer);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("HostileInputTest: " + requests.size() + " malformed URIs, " + failures.size() + " failures");
    assertThat(failures).isEmpty();
  }

  @Test
  void anyBodyOnAnyMethodWithAnyContentTypeIsNeverA5xx() throws Exception {
    Map<String, Long> before = FuzzTest.counts();
    List<HttpRequest> requests = new ArrayList<>();
    String body = new JsonObject().put("subject", "Hostile").put("a", 1).encode();
    for (String route : routes()) {
      for (String method : METHODS) {
        for (String type : CONTENT_TYPES) {
          // the ticket itself is not deleted: the body is what is hostile here, not the method
          String path = "DELETE".equals(method) && route.equals("/api/tickets/" + ref) ? "/api/tickets/TKT-999999"
              : route;
          requests.add(request(method, path, body, type));
        }
      }
    }
    List<String> failures = sendAll(requests);
    assertThat(failures).isEmpty();
    assertThat(FuzzTest.counts()).as("rows").isEqualTo(before);
  }

  private static HttpRequest request(String method, String path, String body, String type) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + admin.token())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (type != null) {
      b.header("Content-Type", type);
    }
    return b.build();
  }

  /** Sends them 8 at a time; returns what went wrong. */
  private static List<String> sendAll(List<HttpRequest> requests) throws Exception {
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (HttpRequest req : requests) {
        done.add(pool.submit(() -> {
          String what = req.method() + " " + req.uri().getRawPath()
              + (req.uri().getRawQuery() == null ? "" : "?" + req.uri().getRawQuery())
              + " [" + req.headers().firstValue("Content-Type").orElse("-") + "]";
          try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (r.statusCode() >= 500) {
              failures.add(what + " -> " + r.statusCode() + " " + r.body());
            } else if (r.statusCode() >= 400 && !type.startsWith("application/problem+json")) {
              failures.add(what + " -> " + r.statusCode() + " as " + type + ": " + r.body());
            } else if (r.statusCode() >= 400 && !"HEAD".equals(req.method())
                && new JsonObject(r.body()).getInteger("status", -1) != r.statusCode()) {
              failures.add(what + " -> problem JSON without its status: " + r.body());
            }
          } catch (Exception e) {
            failures.add(what + " -> no answer: " + e);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("HostileInputTest: " + requests.size() + " requests, " + failures.size() + " failures");
    return failures;
  }
}
