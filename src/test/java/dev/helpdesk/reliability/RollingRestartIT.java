package dev.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.ServiceProcess;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances (the built jar, each its own process) behind a real nginx with
 * docs/deploy/nginx.conf, under a load of creates, notes, edits and lists and with live
 * clients connected through nginx; each instance is stopped with SIGTERM and started
 * again in turn. No request may fail, and every live client must see every ticket event
 * exactly once (reconnecting and resuming as the page does when told 1012).
 */
class RollingRestartIT {

  private static final int WORKERS = 3;
  private static final int LIVE_CLIENTS = 10;

  private Path dir;
  private EmbeddedPostgres pg;
  private String jdbcUrl;
  private final List<ServiceProcess> instances = new ArrayList<>();
  private Nginx nginx;

  private final AtomicLong requests = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(Nginx.BINARY) || "1".equals(System.getenv("HELPDESK_REQUIRE_NGINX")),
        "nginx is not installed (apt-get install nginx-light)");
    dir = Files.createDirectories(Path.of("target", "rolling-it"));
    pg = EmbeddedPostgres.builder().start();
    jdbcUrl = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?user=postgres";
    List<Integer> ports = List.of(freePort(), freePort());
    for (int i = 0; i < 2; i++) {
      instances.add(new ServiceProcess(Map.of(
          "HELPDESK_DB_URL", "postgresql://postgres@localhost:" + pg.getPort() + "/postgres",
          "HELPDESK_ADMIN_EMAIL", "admin@rolling.example",
          "HELPDESK_ADMIN_PASSWORD", "rolling-password",
          "HELPDESK_JWT_SECRET", "rolling-restart-secret-rolling-restart-secret",
          "HELPDESK_TRUSTED_PROXIES", "127.0.0.1",
          "HELPDESK_SHUTDOWN_SECONDS", "10",
          // a second of "draining" on /health while still serving, as for a balancer that polls it
          "HELPDESK_DRAIN_DELAY_SECONDS", "1",
          "HELPDESK_DATA_DIR", dir.resolve("data-" + i).toString()),
          ports.get(i), dir.resolve("service-" + i + ".log").toFile(),
          // started four times: the quick JIT and one event loop keep that cheap on a small machine
          List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=1")));
    }
    instances.get(0).start(); // the first migrates the database alone
    instances.get(1).start();
    nginx = Nginx.start(dir.resolve("nginx"), freePort(), ports);
  }

  @AfterEach
  void stop() throws Exception {
    for (ServiceProcess s : instances) {
      s.stop();
    }
    if (nginx != null) {
      nginx.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void restartingEachInstanceInTurnFailsNoRequestAndLosesNoEvent() throws Exception {
    String base = "http://127.0.0.1:" + nginxPort();
    Api admin = Api.login(base, "admin@rolling.example", "rolling-password");
    long contact = admin.post("/api/contacts", new JsonObject().put("email", "rolling@customer.example")
        .put("name", "Rolling Customer")).json().getLong("id");
    List<ResumingLiveClient> live = new ArrayList<>();
    for (int i = 0; i < LIVE_CLIENTS; i++) {
      live.add(ResumingLiveClient.connect(base, admin.token()));
    }
    long firstEvent = live.stream().mapToLong(ResumingLiveClient::startedAfter).min().orElseThrow();

    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      workers.submit(() -> load(worker, base, admin.token(), contact, running));
    }
    List<Long> stopMillis = new ArrayList<>();
    long restartStarted = System.nanoTime();
    awaitRequests(150);
    List<String> drainingHealth = new ArrayList<>();
    for (ServiceProcess instance : instances) {
      long stopping = System.nanoTime();
      instance.signalTerm();
      drainingHealth.add(healthWhileStopping(instance));
      instance.awaitExit();
      stopMillis.add((System.nanoTime() - stopping) / 1_000_000);
      awaitRequests(requests.get() + 50); // the other instance carries the load alone
      instance.start();
      awaitRequests(requests.get() + 100);
    }
    long restartMillis = (System.nanoTime() - restartStarted) / 1_000_000;
    running.set(false);
    workers.shutdown();
    assertThat(workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    Set<Long> expected = longs("SELECT id FROM events WHERE kind LIKE 'ticket.%' AND id > " + firstEvent);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> live.stream().allMatch(c -> c.received().containsAll(
          expected.stream().filter(id -> id > c.startedAfter()).toList())));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      for (ResumingLiveClient c : live) {
        List<Long> gaps = expected.stream().filter(id -> id > c.startedAfter() && !c.received().contains(id))
            .sorted().toList();
        System.out.printf("live client after %d: %d received, %d missing %s, %d reconnects, last id %d%n",
            c.startedAfter(), c.received().size(), gaps.size(), gaps.subList(0, Math.min(10, gaps.size())),
            c.reconnects(), c.lastId());
      }
    }
    long missing = live.stream().mapToLong(c -> expected.stream()
        .filter(id -> id > c.startedAfter() && !c.received().contains(id)).count()).sum();
    long duplicates = live.stream().mapToLong(ResumingLiveClient::duplicates).sum();
    long reconnects = live.stream().mapToLong(ResumingLiveClient::reconnects).sum();
    live.forEach(ResumingLiveClient::close);

    System.out.printf("rolling restart: %d requests, %d failed; %d live clients, %d ticket events each,"
            + " %d missing, %d duplicated, %d reconnects; instances stopped in %s ms; both restarted in %d ms;"
            + " nginx passed %d requests on to the other instance; /health while stopping: %s%n",
        requests.get(), failures.size(), LIVE_CLIENTS, expected.size(), missing, duplicates, reconnects, stopMillis,
        restartMillis, nginx.passedOn(), drainingHealth.stream().map(h -> h.substring(0, Math.min(3, h.length())))
            .toList());
    assertThat(failures).as("failed requests").isEmpty();
    assertThat(missing).as("events missing").isZero();
    assertThat(duplicates).as("events delivered twice").isZero();
    assertThat(live.stream().flatMap(c -> c.errors().stream()).toList()).as("error frames").isEmpty();
    assertThat(reconnects).as("every live client moved at least once").isGreaterThanOrEqualTo(LIVE_CLIENTS);
    assertThat(stopMillis).allMatch(ms -> ms < 13_000);
    assertThat(drainingHealth).allMatch(h -> h.startsWith("503 ") && h.contains("\"status\":\"DRAINING\""));
  }

  /** What /health of a stopping instance answers (asked directly, not through nginx), once it says draining. */
  private static String healthWhileStopping(ServiceProcess instance) throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    String last = "no answer";
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(instance.baseUrl() + "/health")).timeout(Duration.ofSeconds(2)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " " + r.body();
        if (r.statusCode() == 503) {
          return last;
        }
      } catch (java.io.IOException e) {
        return last + " (then closed)";
      }
      Thread.sleep(20); // the signal is on its way to the JVM; nothing to wait on but the answer
    }
    return last;
  }

  /** Creates a ticket, writes a note, edits it, lists: over and over; every answer must be the expected 2xx. */
  private void load(int worker, String base, String token, long contact, AtomicBoolean running) {
    Api api = new Api(base, token);
    int n = 0;
    while (running.get()) {
      try {
        Api.Response created = expect(api.post("/api/tickets", new JsonObject()
            .put("subject", "Rolling " + worker + "-" + n++)
            .put("requester", new JsonObject().put("type", "contact").put("id", contact))
            .put("channel", "email").put("priority", "medium").put("category", "general")), 201, "create");
        if (created == null) {
          continue;
        }
        String ref = created.json().getString("ref");
        expect(api.post("/api/tickets/" + ref + "/messages",
            new JsonObject().put("type", "note").put("body", "Looking at " + ref)), 201, "note");
        expect(api.patch("/api/tickets/" + ref,
            new JsonObject().put("version", created.json().getInteger("version")).put("priority", "high")), 200, "edit");
        expect(api.get("/api/tickets?limit=20"), 200, "list");
      } catch (RuntimeException e) {
        requests.incrementAndGet();
        failures.add("I/O: " + e.getMessage());
      }
    }
  }

  private Api.Response expect(Api.Response r, int status, String what) {
    requests.incrementAndGet();
    if (r.status() != status) {
      failures.add(what + " -> " + r.status() + " " + r.body());
      return null;
    }
    return r;
  }

  private void awaitRequests(long count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> requests.get() >= count || !failures.isEmpty());
  }

  private int nginxPort() throws Exception {
    String conf = Files.readString(dir.resolve("nginx").resolve("site.conf"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("listen 127\\.0\\.0\\.1:(\\d+);").matcher(conf);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private Set<Long> longs(String sql) throws Exception {
    Set<Long> values = new HashSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
    }
    return values;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
