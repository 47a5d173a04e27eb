package dev.helpdesk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpdesk.App;
import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.config.Config;
import dev.helpdesk.db.Database;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backups restore every ticket, message and attachment into a fresh PostgreSQL data
 * directory; and a database made by the previous release (schema V9, with rows) migrates
 * to this release's schema and is served.
 */
class BackupAndUpgradeTest {

  private static final TestApp app = TestApp.get();
  private static final Path DIR = Path.of("target", "backup-test");
  private static EmbeddedPostgres fresh;

  @BeforeAll
  static void startFreshPostgres() throws Exception {
    Path data = DIR.resolve("pg-" + System.nanoTime());
    Files.createDirectories(data);
    fresh = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).start();
    try (Connection c = fresh.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE restored");
      s.execute("CREATE DATABASE previous_release");
    }
  }

  @AfterAll
  static void stopFreshPostgres() throws Exception {
    if (fresh != null) {
      fresh.close();
    }
  }

  @Test
  void aBackupRestoresEveryTicketMessageAndAttachmentIntoAFreshDatabase() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Backed Up");
    byte[] file = new byte[300_000]; // more than one 256 KB chunk
    new Random(7).nextBytes(file);
    Api.Response upload = admin.upload("backup.bin", "application/octet-stream", file);
    Fixtures.check(upload, 201);
    for (int i = 0; i < 5; i++) {
      String ref = Fixtures.ticket(admin, "Backup ticket " + i + " ü€😀", contact).getString("ref");
      JsonObject reply = new JsonObject().put("type", "reply").put("body", "Reply to " + ref);
      if (i == 0) {
        reply.put("attachmentIds", new JsonArray().add(upload.json().getLong("id")));
      }
      Fixtures.check(admin.post("/api/tickets/" + ref + "/messages", reply), 201);
      Fixtures.check(admin.post("/api/tickets/" + ref + "/messages",
          new JsonObject().put("type", "note").put("body", "Note on " + ref)), 201);
    }
    Path backup = DIR.resolve("desk-" + System.nanoTime() + ".zip");

    Backup.Summary written;
    try (Database source = Database.connect(config(app.jdbcUrl()))) {
      written = Backup.write(source, backup);
    }
    Backup.Summary restored;
    String target = "jdbc:postgresql://localhost:" + fresh.getPort() + "/restored?user=postgres";
    try (Database db = Database.connect(config(target))) {
      restored = Backup.restore(db, backup);
      assertThatThrownBy(() -> Backup.restore(db, backup)).hasMessageContaining("not empty");
    }

    assertThat(restored.rows()).isEqualTo(written.rows());
    for (String sql : new String[] {
        "SELECT ref || ' ' || subject || ' ' || status || ' ' || version FROM tickets",
        "SELECT id || ' ' || ticket_id || ' ' || type || ' ' || body FROM messages",
        "SELECT id || ' ' || filename || ' ' || size || ' ' || coalesce(message_id, 0) FROM attachments",
        "SELECT attachment_id || ' ' || seq || ' ' || md5(data) FROM attachment_chunks",
        "SELECT id || ' ' || kind FROM events",
        "SELECT id || ' ' || email FROM users"}) {
      assertThat(strings(target, sql)).as(sql).isEqualTo(strings(app.jdbcUrl(), sql)).isNotEmpty();
    }
    // the sequences go on after the restored rows: a new ticket does not collide
    assertThat(strings(target, "SELECT nextval('tickets_id_seq') > max(id) FROM tickets")).containsExactly("t");
  }

  @Test
  void aDatabaseOfThePreviousReleaseIsMigratedAndServed() throws Exception {
    String url = "jdbc:postgresql://localhost:" + fresh.getPort() + "/previous_release?user=postgres";
    try (Database db = Database.connect(config(url))) {
      db.migrate("9");
    }
    String hash = new PasswordHasher(1_000).hash("previous-release-pw");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      // rows as the previous release (schema V9) wrote them
      s.execute("INSERT INTO users (email, name, role, password_hash) VALUES"
          + " ('old-admin@example.com', 'Old Admin', 'admin', '" + hash + "'),"
          + " ('old-agent@example.com', 'Old Agent', 'agent', '" + hash + "')");
      s.execute("INSERT INTO contacts (email, name, company) VALUES ('old@customer.example', 'Old Customer', 'Acme')");
      s.execute("INSERT INTO tickets (subject, description, priority, category, channel, requester_contact_id,"
          + " assignee_id, tags, sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)"
          + " SELECT 'Old ticket ' || g, 'From V9', 'high', 'billing', 'email', 1, 2, ARRAY['legacy'],"
          + " now() + interval '4 hours', now() + interval '1 day', now() + interval '3 hours',"
          + " now() + interval '4 hours' FROM generate_series(1, 3) g");
      s.execute("INSERT INTO messages (ticket_id, type, author_user_id, body) VALUES"
          + " (1, 'reply', 2, 'An answer from before the upgrade'), (1, 'note', 2, 'A note from before')");
      s.execute("INSERT INTO attachments (message_id, uploader, filename, content_type, size)"
          + " VALUES (1, 'user:2', 'old.txt', 'text/plain', 11)");
      s.execute("INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES (1, 0, convert_to('hello world', 'UTF8'))");
      s.execute("INSERT INTO outbox (to_address, subject, text_body, html_body, ticket_id)"
          + " VALUES ('old@customer.example', 'Queued before', 'text', '<p>html</p>', 1)");
      s.execute("INSERT INTO events (id, kind, ticket_id, payload) VALUES (nextval('events_id_seq'),"
          + " 'ticket.created', 1, '{}')");
    }

    int port = freePort();
    App upgraded = App.start(config(url).withPort(port));
    try {
      Api admin = Api.login("http://localhost:" + port, "old-admin@example.com", "previous-release-pw");
      JsonObject ticket = admin.get("/api/tickets/TKT-001").json();
      assertThat(ticket.getString("subject")).isEqualTo("Old ticket 1");
      assertThat(ticket.getJsonArray("tags")).containsExactly("legacy");
      JsonArray thread = admin.get("/api/tickets/TKT-001/messages").array();
      assertThat(thread.stream().map(m -> ((JsonObject) m).getString("body")))
          .contains("An answer from before the upgrade", "A note from before");
      assertThat(new String(admin.download("/api/attachments/1").body())).isEqualTo("hello world");
      assertThat(admin.get("/api/tickets?limit=10").json().getJsonArray("items")).hasSize(3);
      // and it takes new work on the migrated schema
      Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("After the upgrade", "contact", 1)), 201);
    } finally {
      upgraded.stop();
    }
  }

  private static Config config(String jdbcUrl) {
    // postgresql://user@host:port/db, as HELPDESK_DB_URL is written
    java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
    String user = uri.getQuery().replaceAll(".*user=([^&]+).*", "$1");
    String dbUrl = "postgresql://" + user + "@" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    return new Config(0, dbUrl, 4, DIR.resolve("data"), null, 60, "admin@upgrade.example", "admin-password-1",
        "http://localhost", false, 3650, new Config.Smtp(null, 25, null, null, "helpdesk@test.example", 120),
        Config.Ops.DEFAULT);
  }

  private static Set<String> strings(String jdbcUrl, String sql) throws Exception {
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
}
