package dev.helpdesk.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Every committed change appends events in order and NOTIFYs its last id; refused changes leave no trace. */
class ChangeLogTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject contact;
  private Connection listener;

  @BeforeEach
  void setUp() throws Exception {
    app.reset();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Carla");
    listener = DriverManager.getConnection(app.jdbcUrl());
    try (Statement s = listener.createStatement()) {
      s.execute("LISTEN " + EventLog.CHANNEL);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.close();
  }

  @Test
  void committedChangesAppendEventsAndNotifyTheirIdsInOrder() throws Exception {
    Fixtures.ticket(admin, "First", contact);
    admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "in_progress"));
    admin.delete("/api/tickets/TKT-001");

    List<String[]> rows = events();
    assertThat(rows).extracting(r -> r[1])
        .containsExactly("ticket.created", "ticket.updated", "message.created", "ticket.deleted");
    assertThat(rows).allSatisfy(r -> assertThat(r[2]).isEqualTo("contact:" + contact.getLong("id")));
    JsonObject created = new JsonObject(rows.get(0)[3]);
    assertThat(created.getString("ref")).isEqualTo("TKT-001");
    assertThat(created.getJsonObject("sla").getString("state")).isEqualTo("ok");
    JsonObject message = new JsonObject(rows.get(2)[3]);
    assertThat(message.getString("ticketRef")).isEqualTo("TKT-001");
    assertThat(message.getJsonObject("message").getString("type")).isEqualTo("system");
    assertThat(new JsonObject(rows.get(3)[3])).isEqualTo(new JsonObject().put("id", 1).put("ref", "TKT-001"));

    // one NOTIFY per committed change, carrying the last id it appended
    List<String> notified = notifications(3);
    assertThat(notified).containsExactly(rows.get(0)[0], rows.get(2)[0], rows.get(3)[0]);
  }

  @Test
  void refusedChangesAppendNothingAndNotifyNothing() throws Exception {
    Fixtures.ticket(admin, "First", contact);
    notifications(1);
    long before = app.queryLong("SELECT count(*) FROM events");

    admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 7).put("status", "pending"));
    admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("assignee", 999_999));
    admin.post("/api/tickets", Fixtures.ticketBody("Nobody", "contact", 999_999));

    assertThat(app.queryLong("SELECT count(*) FROM events")).isEqualTo(before);
    PGNotification[] late = listener.unwrap(PGConnection.class).getNotifications(500);
    assertThat(late == null ? 0 : late.length).isZero();
  }

  private List<String[]> events() throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(app.jdbcUrl()); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, kind, requester, payload FROM events ORDER BY id")) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    return rows;
  }

  private List<String> notifications(int expected) throws Exception {
    List<String> ids = new ArrayList<>();
    PGConnection pg = listener.unwrap(PGConnection.class);
    long deadline = System.currentTimeMillis() + 5_000;
    while (ids.size() < expected && System.currentTimeMillis() < deadline) {
      PGNotification[] batch = pg.getNotifications(200);
      if (batch != null) {
        for (PGNotification n : batch) {
          ids.add(n.getParameter());
        }
      }
    }
    return ids;
  }
}
