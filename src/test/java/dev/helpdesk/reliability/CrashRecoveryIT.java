package dev.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.ServiceProcess;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Under a running load of creates, replies and updates: SIGKILL the service and start it
 * again, then restart PostgreSQL. Every answer that was 2xx must be in the database, refs
 * unique, a live client that resumes must get every event exactly once, and every queued
 * mail must be delivered (with one Message-ID per outbox row).
 *
 * <p>Runs the built jar as a separate process on its own embedded PostgreSQL (so that the
 * test may restart the database), in Maven's integration-test phase.
 */
class CrashRecoveryIT {

  private static final int WORKERS = 6;

  private Path dir;
  private EmbeddedPostgres pg;
  private int pgPort;
  private GreenMail smtp;
  private ServiceProcess service;
  private String jdbcUrl;

  private final Set<String> createdRefs = ConcurrentHashMap.newKeySet();
  private final Set<Long> replyIds = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> patchedVersions = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();

  @BeforeEach
  void start() throws Exception {
    dir = Files.createDirectories(Path.of("target", "crash-it"));
    deleteRecursively(dir.resolve("pg"));
    pgPort = freePort();
    pg = startDatabase();
    jdbcUrl = "jdbc:postgresql://localhost:" + pgPort + "/postgres?user=postgres";
    int smtpPort = freePort();
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    service = new ServiceProcess(Map.of(
        "HELPDESK_DB_URL", "postgresql://postgres@localhost:" + pgPort + "/postgres",
        "HELPDESK_ADMIN_EMAIL", "admin@crash.example",
        "HELPDESK_ADMIN_PASSWORD", "crash-password",
        "HELPDESK_SMTP_HOST", "127.0.0.1",
        "HELPDESK_SMTP_PORT", String.valueOf(smtpPort),
        "HELPDESK_SMTP_LEASE_SECONDS", "3",
        "HELPDESK_DATA_DIR", dir.resolve("data").toString()),
        freePort(), dir.resolve("service.log").toFile());
    service.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.stop();
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /** Keeps its data across a restart (a clean data directory would be deleted on close). */
  private EmbeddedPostgres startDatabase() throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
        .setPort(pgPort).start();
  }

  private static void deleteRecursively(Path path) throws Exception {
    if (Files.exists(path)) {
      try (var files = Files.walk(path)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void nothingAcknowledgedIsLostWhenTheServiceIsKilledOrTheDatabaseRestarts() throws Exception {
    Api admin = Api.login(service.baseUrl(), "admin@crash.example", "crash-password");
    long contact = admin.post("/api/contacts", new JsonObject().put("email", "crash@customer.example")
        .put("name", "Crash Customer")).json().getLong("id");
    LiveClient live = new LiveClient();
    live.connect(service.baseUrl(), admin.token(), 0);

    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      workers.submit(() -> load(worker, service.baseUrl(), admin.token(), contact, running));
    }
    waitForTickets(30);
    service.kill();
    live.close();
    service.start();
    waitForTickets(createdRefs.size() + 30);

    pg.close();
    TimeUnit.SECONDS.sleep(2); // the database is away for a while, as in a real restart
    pg = startDatabase();
    waitForTickets(createdRefs.size() + 30);
    running.set(false);
    workers.shutdown();
    assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertAcknowledgedWritesAreStored(admin);
    assertResumingMissesNothing(admin, live);
    assertEveryMailIsDelivered();
    // the figures for the README's reliability table
    System.out.printf("crash run: %d tickets, %d replies, %d updates acknowledged; %d requests refused or lost"
        + " while down; %d events, %d mails (%d deliveries)%n", createdRefs.size(), replyIds.size(),
        patchedVersions.size(), failures.get(), query("SELECT count(*) FROM events"),
        query("SELECT count(*) FROM outbox"), smtp.getReceivedMessages().length);
  }

  /** Creates a ticket, replies to it, changes its priority, over and over; records each 2xx. */
  private void load(int worker, String baseUrl, String token, long contact, AtomicBoolean running) {
    Api api = new Api(baseUrl, token);
    int n = 0;
    while (running.get()) {
      try {
        Api.Response created = api.post("/api/tickets", new JsonObject().put("subject", "Crash " + worker + "-" + n++)
            .put("requester", new JsonObject().put("type", "contact").put("id", contact))
            .put("channel", "email").put("priority", "medium").put("category", "general"));
        if (created.status() != 201) {
          failures.incrementAndGet();
          continue;
        }
        String ref = created.json().getString("ref");
        createdRefs.add(ref);
        Api.Response reply = api.post("/api/tickets/" + ref + "/messages",
            new JsonObject().put("type", "reply").put("body", "Working on " + ref));
        if (reply.status() == 201) {
          replyIds.add(reply.json().getLong("id"));
        }
        Api.Response patched = api.patch("/api/tickets/" + ref, new JsonObject().put("version", 1).put("priority", "high"));
        if (patched.status() == 200) {
          patchedVersions.put(ref, patched.json().getInteger("version"));
        }
      } catch (RuntimeException e) {
        failures.incrementAndGet(); // the service or the database is down: not acknowledged, nothing to check
      }
    }
  }

  private void waitForTickets(int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> createdRefs.size() >= count);
  }

  private void assertAcknowledgedWritesAreStored(Api admin) throws Exception {
    assertThat(query("SELECT count(*) FROM tickets")).isGreaterThanOrEqualTo(createdRefs.size());
    assertThat(query("SELECT count(DISTINCT ref) FROM tickets")).isEqualTo(query("SELECT count(*) FROM tickets"));
    Set<String> stored = strings("SELECT ref FROM tickets");
    assertThat(stored).containsAll(createdRefs);
    Set<String> replies = strings("SELECT id::text FROM messages WHERE type = 'reply'");
    assertThat(replies).containsAll(replyIds.stream().map(String::valueOf).toList());
    for (Map.Entry<String, Integer> e : patchedVersions.entrySet()) {
      JsonObject t = admin.get("/api/tickets/" + e.getKey()).json();
      assertThat(t.getString("priority")).as(e.getKey()).isEqualTo("high");
      assertThat(t.getInteger("version")).isGreaterThanOrEqualTo(e.getValue());
    }
  }

  /** The client resumes on the restarted service from the last id it saw: it ends up with every ticket event, once. */
  private void assertResumingMissesNothing(Api admin, LiveClient before) throws Exception {
    LiveClient after = new LiveClient();
    after.received.addAll(before.received);
    after.connect(service.baseUrl(), admin.token(), before.lastId());
    Set<Long> expected = new HashSet<>();
    for (String id : strings("SELECT id::text FROM events WHERE kind LIKE 'ticket.%' AND id > " + before.firstId())) {
      expected.add(Long.parseLong(id));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> after.received.containsAll(expected));
    after.close();
    assertThat(after.duplicates).as("events delivered twice").isZero();
  }

  private void assertEveryMailIsDelivered() throws Exception {
    await().atMost(Duration.ofSeconds(60)).until(() -> query("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
    Set<String> delivered = new HashSet<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      delivered.add(m.getMessageID());
    }
    for (String id : strings("SELECT id::text FROM outbox")) {
      assertThat(delivered).as("outbox %s", id).anyMatch(mid -> mid.startsWith("<outbox-" + id + "@"));
    }
  }

  private long query(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Set<String> strings(String sql) throws Exception {
    Set<String> values = new HashSet<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A live client on the tickets topic, counting what it receives. */
  static final class LiveClient implements WebSocket.Listener {
    final Set<Long> received = ConcurrentHashMap.newKeySet();
    volatile long duplicates;
    private final List<Long> order = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    void connect(String baseUrl, String token, long resumeAfter) throws Exception {
      URI uri = URI.create(baseUrl.replace("http://", "ws://") + "/api/live?access_token=" + token);
      socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, this).get(10, TimeUnit.SECONDS);
      socket.sendText("{\"type\":\"subscribe\",\"topic\":\"tickets\"}", true).get(5, TimeUnit.SECONDS);
      if (resumeAfter > 0) {
        socket.sendText("{\"type\":\"resume\",\"after\":" + resumeAfter + "}", true).get(5, TimeUnit.SECONDS);
      }
    }

    synchronized long lastId() {
      return order.isEmpty() ? 0 : order.get(order.size() - 1);
    }

    synchronized long firstId() {
      return order.isEmpty() ? 0 : order.get(0) - 1;
    }

    void close() {
      socket.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonObject frame = new JsonObject(partial.toString());
        partial.setLength(0);
        if ("event".equals(frame.getString("type"))) {
          long id = frame.getLong("id");
          synchronized (this) {
            if (!received.add(id)) {
              duplicates++;
            }
            order.add(id);
          }
        }
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }
  }
}
