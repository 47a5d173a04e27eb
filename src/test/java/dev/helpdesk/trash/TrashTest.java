package dev.helpdesk.trash;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting is safe: the trash keeps tickets whole for 30 days; restore brings them back; admins purge. */
class TrashTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private Api agent;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    agent = Fixtures.login(app, Fixtures.user(admin, "Tess", "agent"));
    contact = Fixtures.contact(admin, "Trash Customer");
  }

  private JsonObject ticketWithThread(String subject) {
    JsonObject t = Fixtures.ticket(agent, subject, contact);
    String ref = t.getString("ref");
    long file = agent.upload("log.txt", "text/plain", "the log".getBytes(StandardCharsets.UTF_8)).json().getLong("id");
    check(agent.post("/api/tickets/" + ref + "/messages", new JsonObject().put("type", "reply").put("body", "see file")
        .put("attachmentIds", new JsonArray().add(file))), 201);
    check(agent.post("/api/tickets/" + ref + "/messages", new JsonObject().put("type", "note").put("body", "secret")),
        201);
    check(agent.patch("/api/tickets/" + ref, new JsonObject().put("version", 1).put("priority", "urgent")), 200);
    return t.put("file", file);
  }

  @Test
  void aDeletedTicketGoesToTheTrashAndComesBackWhole() {
    JsonObject t = ticketWithThread("Broken printer");
    String ref = t.getString("ref");
    JsonArray threadBefore = agent.get("/api/tickets/" + ref + "/messages").array();
    JsonArray historyBefore = agent.get("/api/tickets/" + ref + "/history").array();
    try (LiveClient live = LiveClient.connect(app, admin)) {
      live.subscribe("tickets");

      check(agent.delete("/api/tickets/" + ref), 204);

      live.nextEvent("ticket.deleted", d -> ref.equals(d.getString("ref")));
      assertThat(agent.get("/api/tickets/" + ref).status()).isEqualTo(404);
      assertThat(admin.download("/api/attachments/" + t.getLong("file")).statusCode()).isEqualTo(404);
      JsonObject trashed = agent.get("/api/trash").json().getJsonArray("items").getJsonObject(0);
      assertThat(trashed.getString("ref")).isEqualTo(ref);
      assertThat(trashed.getJsonObject("deletedBy").getString("name")).isEqualTo("Tess");
      assertThat(trashed.getString("purgeAt")).isNotBlank();

      JsonObject restored = agent.post("/api/trash/" + ref + "/restore", null).json();

      assertThat(restored.getString("ref")).isEqualTo(ref);
      assertThat(restored.getString("priority")).isEqualTo("urgent");
      live.nextEvent("ticket.created", d -> ref.equals(d.getString("ref")));
    }
    JsonArray threadAfter = agent.get("/api/tickets/" + ref + "/messages").array();
    assertThat(threadAfter.size()).isEqualTo(threadBefore.size() + 1); // and "Restored from the trash by Tess."
    assertThat(threadAfter.getList().subList(0, threadBefore.size())).isEqualTo(threadBefore.getList());
    assertThat(agent.get("/api/tickets/" + ref + "/history").array().size()).isGreaterThanOrEqualTo(historyBefore.size());
    HttpResponse<byte[]> file = admin.download("/api/attachments/" + t.getLong("file"));
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("the log");
    assertThat(agent.get("/api/trash").json().getJsonArray("items")).isEmpty();
    assertThat(agent.post("/api/trash/" + ref + "/restore", null).status()).isEqualTo(404);
  }

  @Test
  void aBulkDeleteGoesToTheTrashTooAndOnlyAdminsPurge() {
    String a = ticketWithThread("One").getString("ref");
    String b = ticketWithThread("Two").getString("ref");
    JsonObject body = new JsonObject().put("ids", new JsonArray().add(Long.parseLong(a.substring(4)))
        .add(Long.parseLong(b.substring(4)))).put("delete", true);
    check(agent.post("/api/tickets/bulk", body), 200);
    assertThat(agent.get("/api/trash").json().getJsonArray("items")).hasSize(2);

    assertThat(agent.delete("/api/trash/" + a).status()).isEqualTo(403);
    check(admin.delete("/api/trash/" + a), 204);
    assertThat(admin.delete("/api/trash/" + a).status()).isEqualTo(404);
    assertThat(agent.post("/api/trash/" + a + "/restore", null).status()).isEqualTo(404);
    assertThat(app.queryLong("SELECT count(*) FROM audit_log WHERE action = 'ticket.purged' AND target = '" + a + "'"))
        .isEqualTo(1);

    check(agent.post("/api/trash/" + b + "/restore", null), 200);
    check(agent.get("/api/tickets/" + b), 200);
  }

  @Test
  void afterThirtyDaysTheTrashIsPurged() throws Exception {
    String old = ticketWithThread("Old").getString("ref");
    String recent = ticketWithThread("Recent").getString("ref");
    check(agent.delete("/api/tickets/" + old), 204);
    check(agent.delete("/api/tickets/" + recent), 204);
    app.execute("UPDATE trash SET deleted_at = now() - interval '31 days' WHERE ref = '" + old + "'");

    int purged = app.app().services().team().trash().purgeOld().toCompletionStage().toCompletableFuture().get();

    assertThat(purged).isEqualTo(1);
    assertThat(app.queryLong("SELECT count(*) FROM trash_rows")).isPositive();
    assertThat(agent.get("/api/trash").json().getJsonArray("items").getJsonObject(0).getString("ref")).isEqualTo(recent);
    assertThat(agent.post("/api/trash/" + old + "/restore", null).status()).isEqualTo(404);
  }

  @Test
  void requestersSeeNothingOfTheTrash() {
    JsonObject t = ticketWithThread("Mine");
    check(agent.delete("/api/tickets/" + t.getString("ref")), 204);
    Api requester = Fixtures.login(app, Fixtures.user(admin, "Rae", "requester"));
    assertThat(requester.get("/api/trash").status()).isEqualTo(403);
    assertThat(requester.delete("/api/tickets/" + t.getString("ref")).status()).isIn(403, 404);
  }
}
