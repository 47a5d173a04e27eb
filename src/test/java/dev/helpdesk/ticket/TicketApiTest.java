package dev.helpdesk.ticket;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TicketApiTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Bob Requester");
  }

  @Test
  void createsATicketWithEveryFieldAndReturnsItWithLocation() {
    JsonObject agent = Fixtures.user(admin, "Alice", "agent");
    JsonObject body = Fixtures.ticketBody("Printer jams", "contact", contact.getLong("id"))
        .put("priority", "urgent").put("category", "bug_report").put("channel", "phone")
        .put("assignee", agent.getLong("id")).put("dueAt", "2027-01-02T03:04:05Z")
        .put("tags", new JsonArray().add("VIP").add("printer").add("vip"));

    Api.Response r = admin.post("/api/tickets", body);

    assertThat(r.status()).isEqualTo(201);
    JsonObject t = r.json();
    assertThat(r.location()).isEqualTo("/api/tickets/TKT-001");
    assertThat(t.getString("ref")).isEqualTo("TKT-001");
    assertThat(t.getString("status")).isEqualTo("open");
    assertThat(t.getString("priority")).isEqualTo("urgent");
    assertThat(t.getString("category")).isEqualTo("bug_report");
    assertThat(t.getString("channel")).isEqualTo("phone");
    assertThat(t.getJsonObject("requester").getString("name")).isEqualTo("Bob Requester");
    assertThat(t.getJsonObject("requester").getString("type")).isEqualTo("contact");
    assertThat(t.getJsonObject("assignee").getString("name")).isEqualTo("Alice");
    assertThat(t.getJsonArray("tags").getList()).containsExactly("vip", "printer");
    assertThat(t.getString("dueAt")).isEqualTo("2027-01-02T03:04:05Z");
    assertThat(t.getInteger("version")).isEqualTo(1);
    assertThat(t.getJsonObject("sla").getString("state")).isEqualTo("ok");
    assertThat(t.getString("mergedInto")).isNull();
  }

  @Test
  void readsByIdAndByRef() {
    JsonObject created = Fixtures.ticket(admin, "Refund", contact);

    JsonObject byId = admin.get("/api/tickets/" + created.getLong("id")).json();
    JsonObject byRef = admin.get("/api/tickets/TKT-001").json();
    JsonObject byLowerRef = admin.get("/api/tickets/tkt-1").json();

    assertThat(byId.getString("subject")).isEqualTo("Refund");
    assertThat(byRef.getLong("id")).isEqualTo(created.getLong("id"));
    assertThat(byLowerRef.getLong("id")).isEqualTo(created.getLong("id"));
    assertThat(admin.get("/api/tickets/TKT-999").status()).isEqualTo(404);
    assertThat(admin.get("/api/tickets/banana").status()).isEqualTo(404);
  }

  @Test
  void refsHaveAtLeastThreeDigitsAndGrowBeyond() {
    assertThat(Ticket.refOf(1)).isEqualTo("TKT-001");
    assertThat(Ticket.refOf(999)).isEqualTo("TKT-999");
    assertThat(Ticket.refOf(1000)).isEqualTo("TKT-1000");
    app.execute("SELECT setval(pg_get_serial_sequence('tickets', 'id'), 999)");
    assertThat(Fixtures.ticket(admin, "Thousandth", contact).getString("ref")).isEqualTo("TKT-1000");
  }

  @Test
  void updateBumpsTheVersionAndAStaleVersionIsRefusedWithTheCurrentTicket() {
    Fixtures.ticket(admin, "Laptop", contact);

    Api.Response first = admin.patch("/api/tickets/TKT-001", new JsonObject().put("priority", "high").put("version", 1));
    Api.Response stale = admin.patch("/api/tickets/TKT-001", new JsonObject().put("priority", "low").put("version", 1));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getInteger("version")).isEqualTo(2);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.contentType()).startsWith("application/problem+json");
    assertThat(stale.json().getJsonObject("current").getString("priority")).isEqualTo("high");
    assertThat(stale.json().getJsonObject("current").getInteger("version")).isEqualTo(2);
    assertThat(admin.get("/api/tickets/TKT-001").json().getString("priority")).isEqualTo("high");
  }

  @Test
  void everyEditableFieldCanBeChanged() {
    JsonObject agent = Fixtures.user(admin, "Carl", "agent");
    JsonObject user = Fixtures.user(admin, "Rita", "requester");
    Fixtures.ticket(admin, "Old subject", contact);
    JsonObject patch = new JsonObject().put("version", 1).put("subject", "New subject").put("description", "New text")
        .put("status", "in_progress").put("priority", "low").put("category", "account").put("channel", "chat")
        .put("requester", new JsonObject().put("type", "user").put("id", user.getLong("id")))
        .put("assignee", agent.getLong("id")).put("tags", new JsonArray().add("a")).put("dueAt", "2027-05-01T00:00:00Z");

    JsonObject t = admin.patch("/api/tickets/TKT-001", patch).json();

    assertThat(t.getString("subject")).isEqualTo("New subject");
    assertThat(t.getString("description")).isEqualTo("New text");
    assertThat(t.getString("status")).isEqualTo("in_progress");
    assertThat(t.getString("priority")).isEqualTo("low");
    assertThat(t.getString("category")).isEqualTo("account");
    assertThat(t.getString("channel")).isEqualTo("chat");
    assertThat(t.getJsonObject("requester").getString("name")).isEqualTo("Rita");
    assertThat(t.getJsonObject("assignee").getLong("id")).isEqualTo(agent.getLong("id"));
    assertThat(t.getJsonArray("tags").getList()).containsExactly("a");
    assertThat(t.getString("dueAt")).isEqualTo("2027-05-01T00:00:00Z");

    JsonObject cleared = admin.patch("/api/tickets/TKT-001",
        new JsonObject().put("version", 2).putNull("assignee").putNull("dueAt")).json();
    assertThat(cleared.getValue("assignee")).isNull();
    assertThat(cleared.getValue("dueAt")).isNull();
  }

  @Test
  void statusAndAssigneeChangesWriteSystemMessages() {
    JsonObject agent = Fixtures.user(admin, "Dana", "agent");
    Fixtures.ticket(admin, "VPN", contact);

    admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "pending")
        .put("assignee", agent.getLong("id")));
    admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 2).put("subject", "VPN drops"));
    JsonArray thread = admin.get("/api/tickets/TKT-001/messages").array();

    assertThat(thread.size()).isEqualTo(2);
    assertThat(thread.getJsonObject(0).getString("type")).isEqualTo("system");
    assertThat(thread.stream().map(m -> ((JsonObject) m).getString("body")).toList())
        .containsExactlyInAnyOrder("Status changed from Open to Pending by Administrator.",
            "Assigned to Dana by Administrator.");
  }

  @Test
  void aClosedTicketCanOnlyBeReopened() {
    Fixtures.ticket(admin, "Done", contact);
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "closed")), 200);

    Api.Response toPending = admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 2).put("status", "pending"));
    Api.Response reopen = admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 2).put("status", "open"));

    assertThat(toPending.status()).isEqualTo(422);
    assertThat(reopen.status()).isEqualTo(200);
    assertThat(reopen.json().getString("status")).isEqualTo("open");
  }

  @Test
  void pendingPausesTheSlaClock() {
    Fixtures.ticket(admin, "Waiting", contact);
    JsonObject paused = admin.patch("/api/tickets/TKT-001",
        new JsonObject().put("version", 1).put("status", "pending")).json();
    JsonObject running = admin.patch("/api/tickets/TKT-001",
        new JsonObject().put("version", 2).put("status", "open")).json();

    assertThat(paused.getJsonObject("sla").getString("state")).isEqualTo("paused");
    assertThat(running.getJsonObject("sla").getString("state")).isEqualTo("ok");
  }

  @Test
  void deleteRemovesTheTicketAndItsThread() {
    Fixtures.ticket(admin, "Spam", contact);
    admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "closed"));

    assertThat(admin.delete("/api/tickets/TKT-001").status()).isEqualTo(204);
    assertThat(admin.get("/api/tickets/TKT-001").status()).isEqualTo(404);
    assertThat(admin.delete("/api/tickets/TKT-001").status()).isEqualTo(404);
    assertThat(app.queryLong("SELECT count(*) FROM messages")).isZero();
  }

  @Test
  void listPagesWithACursorAndCountsTheTotal() {
    for (int i = 1; i <= 5; i++) {
      Fixtures.ticket(admin, "Ticket " + i, contact);
    }
    JsonObject first = admin.get("/api/tickets?limit=2").json();
    JsonObject second = admin.get("/api/tickets?limit=2&cursor=" + first.getString("nextCursor")).json();
    JsonObject third = admin.get("/api/tickets?limit=2&cursor=" + second.getString("nextCursor")).json();

    assertThat(first.getLong("total")).isEqualTo(5);
    assertThat(refs(first)).containsExactly("TKT-005", "TKT-004");
    assertThat(refs(second)).containsExactly("TKT-003", "TKT-002");
    assertThat(refs(third)).containsExactly("TKT-001");
    assertThat(third.getString("nextCursor")).isNull();
    assertThat(refs(admin.get("/api/tickets?sort=created&limit=2").json())).containsExactly("TKT-001", "TKT-002");
    assertThat(refs(admin.get("/api/tickets?q=ticket%204").json())).containsExactly("TKT-004");
  }

  @Test
  void pagingIsStableWhileTicketsAreCreated() {
    for (int i = 1; i <= 4; i++) {
      Fixtures.ticket(admin, "Before " + i, contact);
    }
    JsonObject first = admin.get("/api/tickets?limit=2").json();
    Fixtures.ticket(admin, "Inserted while paging", contact);
    JsonObject second = admin.get("/api/tickets?limit=2&cursor=" + first.getString("nextCursor")).json();

    assertThat(refs(first)).containsExactly("TKT-004", "TKT-003");
    assertThat(refs(second)).containsExactly("TKT-002", "TKT-001");
  }

  @Test
  void badListParametersAreRefused() {
    assertThat(admin.get("/api/tickets?limit=0").status()).isEqualTo(400);
    assertThat(admin.get("/api/tickets?limit=abc").status()).isEqualTo(400);
    assertThat(admin.get("/api/tickets?sort=subject").json().getJsonArray("errors").getJsonObject(0)
        .getString("field")).isEqualTo("sort");
    assertThat(admin.get("/api/tickets?cursor=garbage").status()).isEqualTo(400);
    assertThat(admin.get("/api/tickets?q=colour:red").status()).isEqualTo(400);
  }

  static java.util.List<String> refs(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("ref")).toList();
  }
}
