package dev.helpdesk.conversation;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private Api rita;
  private JsonObject ritaUser;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    ritaUser = Fixtures.user(admin, "Rita", "requester");
    rita = Fixtures.login(app, ritaUser);
    check(admin.post("/api/tickets", Fixtures.ticketBody("Printer", "user", ritaUser.getLong("id"))), 201);
  }

  private static JsonObject reply(String body) {
    return new JsonObject().put("type", "reply").put("body", body);
  }

  private static JsonObject note(String body) {
    return new JsonObject().put("type", "note").put("body", body);
  }

  @Test
  void aStaffReplyJoinsTheThreadAndCountsAsTheFirstResponse() {
    Api.Response r = admin.post("/api/tickets/TKT-001/messages", reply("Have you tried turning it off and on?"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getString("type")).isEqualTo("reply");
    assertThat(r.json().getJsonObject("author").getString("name")).isEqualTo("Administrator");
    JsonObject ticket = admin.get("/api/tickets/TKT-001").json();
    assertThat(ticket.getJsonObject("sla").getString("firstRespondedAt")).isNotNull();
    assertThat(bodies(rita.get("/api/tickets/TKT-001/messages").array()))
        .containsExactly("Have you tried turning it off and on?");
  }

  @Test
  void requestersNeverSeeNotes() {
    admin.post("/api/tickets/TKT-001/messages", note("She called twice already"));
    admin.post("/api/tickets/TKT-001/messages", reply("We are on it"));

    assertThat(bodies(admin.get("/api/tickets/TKT-001/messages").array()))
        .containsExactly("She called twice already", "We are on it");
    assertThat(bodies(rita.get("/api/tickets/TKT-001/messages").array())).containsExactly("We are on it");
    assertThat(admin.get("/api/tickets/TKT-001").json().getJsonObject("sla").getValue("firstRespondedAt")).isNotNull();
  }

  @Test
  void aNoteIsNotAFirstResponse() {
    admin.post("/api/tickets/TKT-001/messages", note("Internal only"));
    assertThat(admin.get("/api/tickets/TKT-001").json().getJsonObject("sla").getValue("firstRespondedAt")).isNull();
  }

  @Test
  void requestersMayNotWriteNotes() {
    Api.Response r = rita.post("/api/tickets/TKT-001/messages", note("sneaky"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(app.queryLong("SELECT count(*) FROM messages WHERE type = 'note'")).isZero();
  }

  @Test
  void aRequesterReplyReopensPendingOnHoldAndResolvedTickets() {
    for (String status : List.of("pending", "on_hold", "resolved")) {
      JsonObject t = admin.get("/api/tickets/TKT-001").json();
      check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", t.getInteger("version"))
          .put("status", status)), 200);

      check(rita.post("/api/tickets/TKT-001/messages", reply("Still broken")), 201);

      assertThat(admin.get("/api/tickets/TKT-001").json().getString("status")).as(status).isEqualTo("open");
    }
    assertThat(admin.get("/api/tickets/TKT-001/messages").array().stream()
        .map(m -> ((JsonObject) m).getString("body")))
        .anyMatch(b -> b.startsWith("Reopened by Rita's reply (was Resolved)"));
  }

  @Test
  void aRequesterReplyToAClosedTicketOpensALinkedFollowUp() {
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "closed")), 200);

    Api.Response r = rita.post("/api/tickets/TKT-001/messages", reply("It broke again"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getLong("ticketId")).isEqualTo(2);
    JsonObject followUp = rita.get("/api/tickets/TKT-002").json();
    assertThat(followUp.getString("followUpOf")).isEqualTo("TKT-001");
    assertThat(followUp.getString("status")).isEqualTo("open");
    assertThat(admin.get("/api/tickets/TKT-001").json().getString("status")).isEqualTo("closed");
    assertThat(bodies(rita.get("/api/tickets/TKT-002/messages").array())).contains("It broke again");
  }

  @Test
  void aRequesterCannotPostToAnotherRequestersTicket() {
    JsonObject sam = Fixtures.user(admin, "Sam", "requester");
    check(admin.post("/api/tickets", Fixtures.ticketBody("Sam's", "user", sam.getLong("id"))), 201);

    assertThat(rita.post("/api/tickets/TKT-002/messages", reply("hi")).status()).isEqualTo(404);
    assertThat(app.queryLong("SELECT count(*) FROM messages WHERE ticket_id = 2")).isZero();
  }

  @Test
  void badMessagesAreRefusedNamingTheField() {
    assertThat(field(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("body", "x")))).isEqualTo("type");
    assertThat(field(admin.post("/api/tickets/TKT-001/messages", reply("")))).isEqualTo("body");
    assertThat(field(admin.post("/api/tickets/TKT-001/messages",
        new JsonObject().put("type", "system").put("body", "x")))).isEqualTo("type");
    assertThat(field(admin.post("/api/tickets/TKT-001/messages", reply("x".repeat(50_001))))).isEqualTo("body");
    assertThat(field(admin.post("/api/tickets/TKT-001/messages",
        reply("x").put("attachmentIds", new JsonArray().add(12345))))).isEqualTo("attachmentIds");
    assertThat(admin.post("/api/tickets/TKT-404/messages", reply("x")).status()).isEqualTo(404);
    assertThat(app.queryLong("SELECT count(*) FROM messages")).isZero();
  }

  @Test
  void workloadCountsOpenTicketsPerAgent() {
    JsonObject agent = Fixtures.user(admin, "Alice", "agent");
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("assignee", agent.getLong("id"))
        .put("priority", "urgent")), 200);
    check(admin.post("/api/tickets", Fixtures.ticketBody("Other", "user", ritaUser.getLong("id"))), 201);

    JsonObject w = admin.get("/api/agents/workload").json();

    JsonObject alice = w.getJsonArray("agents").stream().map(o -> (JsonObject) o)
        .filter(a -> a.getString("name").equals("Alice")).findFirst().orElseThrow();
    assertThat(alice.getLong("open")).isEqualTo(1);
    assertThat(alice.getJsonObject("byPriority").getLong("urgent")).isEqualTo(1);
    assertThat(alice.getJsonObject("byStatus").getLong("open")).isEqualTo(1);
    assertThat(w.getJsonObject("unassigned").getLong("open")).isEqualTo(1);
    assertThat(rita.get("/api/agents/workload").status()).isEqualTo(403);
  }

  static List<String> bodies(JsonArray thread) {
    return thread.stream().map(o -> (JsonObject) o).filter(m -> !"system".equals(m.getString("type")))
        .map(m -> m.getString("body")).toList();
  }

  private static String field(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    return r.json().getJsonArray("errors").getJsonObject(0).getString("field");
  }
}
