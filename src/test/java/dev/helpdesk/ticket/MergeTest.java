package dev.helpdesk.ticket;

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

class MergeTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject ritaUser;
  private Api rita;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    ritaUser = Fixtures.user(admin, "Rita", "requester");
    rita = Fixtures.login(app, ritaUser);
    for (String subject : List.of("Printer jams", "Printer still jams", "Printer broken")) {
      check(admin.post("/api/tickets", Fixtures.ticketBody(subject, "user", ritaUser.getLong("id"))), 201);
    }
  }

  private Api.Response merge(String source, JsonObject body) {
    return admin.post("/api/tickets/" + source + "/merge", body);
  }

  @Test
  void mergingMovesTheThreadInTimeOrderAndClosesTheSource() {
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply").put("body", "first")), 201);
    check(admin.post("/api/tickets/TKT-002/messages", new JsonObject().put("type", "note").put("body", "second")), 201);
    long file = admin.upload("a.txt", "text/plain", "x".getBytes()).json().getLong("id");
    check(admin.post("/api/tickets/TKT-002/messages", new JsonObject().put("type", "reply").put("body", "third")
        .put("attachmentIds", new JsonArray().add(file))), 201);
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply").put("body", "fourth")), 201);

    Api.Response r = merge("TKT-002", new JsonObject().put("into", "TKT-001"));

    assertThat(r.status()).isEqualTo(200);
    JsonObject source = admin.get("/api/tickets/TKT-002").json();
    assertThat(source.getString("status")).isEqualTo("closed");
    assertThat(source.getString("mergedInto")).isEqualTo("TKT-001");
    List<JsonObject> thread = admin.get("/api/tickets/TKT-001/messages").array().stream()
        .map(o -> (JsonObject) o).filter(m -> !"system".equals(m.getString("type"))).toList();
    assertThat(thread).extracting(m -> m.getString("body")).containsExactly("first", "second", "third", "fourth");
    assertThat(thread.get(1).getString("type")).as("a note stays a note").isEqualTo("note");
    assertThat(thread.get(2).getString("mergedFrom")).isEqualTo("TKT-002");
    assertThat(thread.get(2).getJsonArray("attachments").getJsonObject(0).getLong("id")).isEqualTo(file);
    assertThat(rita.download("/api/attachments/" + file).statusCode()).isEqualTo(200);
    assertThat(rita.get("/api/tickets/TKT-001/messages").array().encode()).doesNotContain("second");
    assertThat(bodies("TKT-002")).anyMatch(b -> b.startsWith("Merged into TKT-001"));
    assertThat(bodies("TKT-001")).anyMatch(b -> b.startsWith("TKT-002 was merged into this ticket"));
    assertThat(app.queryLong("SELECT count(*) FROM events WHERE kind = 'ticket.merged'")).isEqualTo(1);
  }

  @Test
  void refusedMergesAre422AndChangeNothing() {
    check(merge("TKT-002", new JsonObject().put("into", "TKT-001")), 200);
    long events = app.queryLong("SELECT count(*) FROM events");

    assertThat(merge("TKT-003", new JsonObject().put("into", "TKT-003")).status()).as("itself").isEqualTo(422);
    assertThat(merge("TKT-002", new JsonObject().put("into", "TKT-003")).status()).as("already merged").isEqualTo(422);
    assertThat(merge("TKT-003", new JsonObject().put("into", "TKT-002")).status()).as("into a merged one").isEqualTo(422);
    assertThat(merge("TKT-001", new JsonObject().put("into", "TKT-002")).status()).as("a cycle").isEqualTo(422);
    assertThat(merge("TKT-003", new JsonObject().put("into", "TKT-404")).status()).isEqualTo(404);
    assertThat(merge("TKT-003", new JsonObject().put("into", "banana")).status()).isEqualTo(400);
    assertThat(app.queryLong("SELECT count(*) FROM events")).isEqualTo(events);
  }

  @Test
  void ticketsOfDifferentRequestersAreNotMerged() {
    JsonObject other = Fixtures.contact(admin, "Other");
    Fixtures.ticket(admin, "Someone else's", other);
    assertThat(merge("TKT-004", new JsonObject().put("into", "TKT-001")).status()).isEqualTo(422);
  }

  @Test
  void mergingIntoAClosedTicketAsksWhetherToReopenIt() {
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "closed")), 200);

    Api.Response ask = merge("TKT-002", new JsonObject().put("into", "TKT-001"));
    Api.Response reopen = merge("TKT-002", new JsonObject().put("into", "TKT-001").put("reopen", true));

    assertThat(ask.status()).isEqualTo(422);
    assertThat(ask.json().getString("detail")).contains("reopen");
    assertThat(reopen.status()).isEqualTo(200);
    assertThat(reopen.json().getString("status")).isEqualTo("open");
  }

  @Test
  void aRequesterReplyToTheMergedTicketLandsInTheTarget() {
    check(merge("TKT-002", new JsonObject().put("into", "TKT-001")), 200);

    Api.Response r = rita.post("/api/tickets/TKT-002/messages", new JsonObject().put("type", "reply").put("body", "hello?"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().getLong("ticketId")).isEqualTo(1);
  }

  @Test
  void onlyStaffMerge() {
    assertThat(rita.post("/api/tickets/TKT-002/merge", new JsonObject().put("into", "TKT-001")).status()).isEqualTo(403);
  }

  @Test
  void historyRecordsWhoChangedWhat() {
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("priority", "urgent")
        .put("status", "pending")), 200);

    JsonArray history = admin.get("/api/tickets/TKT-001/history").array();

    assertThat(history.stream().map(o -> (JsonObject) o).map(c -> c.getString("field") + ":" + c.getString("from")
        + "→" + c.getString("to") + " by " + c.getJsonObject("actor").getString("name")))
        .containsExactlyInAnyOrder("status:open→pending by Administrator", "priority:medium→urgent by Administrator");
    assertThat(rita.get("/api/tickets/TKT-001/history").status()).isEqualTo(403);
  }

  private List<String> bodies(String ref) {
    return admin.get("/api/tickets/" + ref + "/messages").array().stream()
        .map(o -> ((JsonObject) o).getString("body")).toList();
  }
}
