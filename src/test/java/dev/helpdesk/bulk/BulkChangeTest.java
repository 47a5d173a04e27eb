package dev.helpdesk.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /api/tickets/bulk: changes, partial failures, what each ticket gets, deletes, and who may. */
class BulkChangeTest {

  private final TestApp app = TestApp.get();

  @Test
  void aBulkChangeChangesTheRestAndReportsTheTicketsThatCannotChange() {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Bulk Customer");
    JsonObject agent = Fixtures.user(admin, "Carl Bulk", "agent");
    long a = Fixtures.ticket(admin, "First", contact).getLong("id");
    long b = Fixtures.ticket(admin, "Second", contact).getLong("id");
    long closed = Fixtures.ticket(admin, "Closed one", contact).getLong("id");
    Fixtures.check(admin.patch("/api/tickets/" + closed, new JsonObject().put("version", 1).put("status", "closed")),
        200);

    Api.Response r = admin.post("/api/tickets/bulk", new JsonObject()
        .put("ids", new JsonArray().add(a).add(b).add(closed).add(999_999))
        .put("set", new JsonObject().put("status", "pending").put("priority", "low")
            .put("assignee", agent.getLong("id"))));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getInteger("updated")).isEqualTo(2);
    JsonArray failed = r.json().getJsonArray("failed");
    assertThat(failed).hasSize(2);
    assertThat(failed.getJsonObject(0).getLong("id")).isEqualTo(closed);
    assertThat(failed.getJsonObject(0).getString("error")).contains("closed ticket can only be reopened");
    assertThat(failed.getJsonObject(1).getString("error")).contains("No ticket");
    JsonObject changed = admin.get("/api/tickets/" + a).json();
    assertThat(changed.getString("status")).isEqualTo("pending");
    assertThat(changed.getString("priority")).isEqualTo("low");
    assertThat(changed.getJsonObject("assignee").getString("name")).isEqualTo("Carl Bulk");
    assertThat(changed.getInteger("version")).isEqualTo(2);
    assertThat(admin.get("/api/tickets/" + closed).json().getString("priority")).isEqualTo("medium");

    // what a single change writes: the event with the ticket, and a system message per change
    for (long id : List.of(a, b)) {
      assertThat(app.queryLong("SELECT count(*) FROM events WHERE kind = 'ticket.updated' AND ticket_id = " + id
          + " AND payload->>'status' = 'pending'")).isEqualTo(1);
      assertThat(app.queryLong("SELECT count(*) FROM messages WHERE type = 'system' AND ticket_id = " + id))
          .isEqualTo(3);
      assertThat(app.queryLong("SELECT count(*) FROM events WHERE kind = 'message.created' AND ticket_id = " + id))
          .isEqualTo(3);
    }
    String thread = admin.get("/api/tickets/" + a + "/messages").body();
    assertThat(thread).contains("Status changed from Open to Pending").contains("Priority changed from Medium to Low")
        .contains("Assigned to Carl Bulk");
    // one summary mail for the agent, not one per ticket
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + agent.getString("email") + "'"))
        .isEqualTo(1);
    assertThat(app.queryString("SELECT subject FROM outbox WHERE to_address = '" + agent.getString("email") + "'"))
        .contains("2 tickets assigned to you");
  }

  @Test
  void aBulkChangeByQueryChangesEverythingTheQueryMatches() {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Query Customer");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 1_100; i++) {
      ids.add((long) i);
    }
    app.execute("INSERT INTO tickets (subject, priority, category, channel, requester_contact_id, tags,"
        + " sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)"
        + " SELECT 'Printer ' || g, 'medium', 'general', 'email', " + contact.getLong("id") + ", '{paper}',"
        + " now() + interval '8 hours', now() + interval '3 days', now() + interval '6 hours', now() + interval '8 hours'"
        + " FROM generate_series(1, " + ids.size() + ") g");
    Fixtures.ticket(admin, "Not a match", contact);

    Api.Response r = admin.post("/api/tickets/bulk", new JsonObject().put("query", "tag:paper printer")
        .put("set", new JsonObject().put("priority", "medium").put("assignee", (Object) null)));

    assertThat(r.json().getInteger("updated")).isEqualTo(0);
    assertThat(r.json().getInteger("unchanged")).isEqualTo(1_100);
    r = admin.post("/api/tickets/bulk", new JsonObject().put("query", "tag:paper printer")
        .put("set", new JsonObject().put("priority", "urgent")));
    assertThat(r.json().getInteger("updated")).isEqualTo(1_100);
    assertThat(r.json().getJsonArray("failed")).isEmpty();
    assertThat(admin.get("/api/tickets?q=priority:urgent").json().getLong("total")).isEqualTo(1_100);
    assertThat(app.queryLong("SELECT count(*) FROM events WHERE kind = 'ticket.updated'")).isEqualTo(1_100);
  }

  @Test
  void aBulkDeleteDeletesAndAnnouncesEachTicket() {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Delete Customer");
    long a = Fixtures.ticket(admin, "Delete me", contact).getLong("id");
    long b = Fixtures.ticket(admin, "Delete me too", contact).getLong("id");
    long keep = Fixtures.ticket(admin, "Keep me", contact).getLong("id");

    JsonObject result = admin.post("/api/tickets/bulk", new JsonObject().put("ids", new JsonArray().add(a).add(b)
        .add(424_242)).put("delete", true)).json();

    assertThat(result.getInteger("updated")).isEqualTo(2);
    assertThat(result.getJsonArray("failed")).hasSize(1);
    assertThat(admin.get("/api/tickets/" + a).status()).isEqualTo(404);
    assertThat(admin.get("/api/tickets/" + keep).status()).isEqualTo(200);
    assertThat(app.queryLong("SELECT count(*) FROM events WHERE kind = 'ticket.deleted'")).isEqualTo(2);
  }

  @Test
  void badBulkRequestsAreRefusedNamingTheField() {
    app.reset();
    Api admin = app.admin();
    assertThat(field(admin.post("/api/tickets/bulk", new JsonObject().put("ids", new JsonArray().add(1))
        .put("set", new JsonObject().put("status", "done"))))).isEqualTo("set.status");
    assertThat(field(admin.post("/api/tickets/bulk", new JsonObject().put("ids", new JsonArray().add(1))
        .put("set", new JsonObject())))).isEqualTo("set");
    assertThat(field(admin.post("/api/tickets/bulk", new JsonObject().put("set", new JsonObject()
        .put("priority", "low"))))).isEqualTo("ids");
    assertThat(field(admin.post("/api/tickets/bulk", new JsonObject().put("query", "colour:red")
        .put("set", new JsonObject().put("priority", "low"))))).isEqualTo("q");
    assertThat(field(admin.post("/api/tickets/bulk", new JsonObject().put("ids", new JsonArray().add(1))
        .put("set", new JsonObject().put("assignee", 987_654))))).isEqualTo("set.assignee");
    assertThat(field(admin.post("/api/tickets/bulk", new JsonObject().put("query", "printer").put("delete", true))))
        .isEqualTo("query");
  }

  @Test
  void requestersMayNotChangeTicketsInBulk() {
    app.reset();
    Api admin = app.admin();
    Api requester = Fixtures.login(app, Fixtures.user(admin, "Bulk Requester", "requester"));
    assertThat(requester.post("/api/tickets/bulk", new JsonObject().put("ids", new JsonArray().add(1))
        .put("set", new JsonObject().put("priority", "low"))).status()).isEqualTo(403);
  }

  private static String field(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    return r.json().getJsonArray("errors").getJsonObject(0).getString("field");
  }
}
