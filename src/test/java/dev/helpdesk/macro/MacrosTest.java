package dev.helpdesk.macro;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Macros: shared and private, placeholders, and one transaction for the message and the changes. */
class MacrosTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject alice;
  private Api aliceApi;
  private Api bobApi;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    alice = Fixtures.user(admin, "Alice Agent", "agent");
    aliceApi = Fixtures.login(app, alice);
    bobApi = Fixtures.login(app, Fixtures.user(admin, "Bob", "agent"));
    JsonObject contact = Fixtures.contact(admin, "Lea Müller");
    Fixtures.ticket(admin, "Printer jams", contact);
  }

  private static JsonObject macro(String title, boolean shared, JsonObject message, JsonObject set) {
    return new JsonObject().put("title", title).put("shared", shared).put("message", message).put("set", set);
  }

  private static JsonObject reply(String body) {
    return new JsonObject().put("type", "reply").put("body", body);
  }

  @Test
  void sharedMacrosAreForAdminsToKeepAndPrivateOnesForTheirOwnerAlone() {
    check(admin.post("/api/macros", macro("Refund", true, reply("We refunded you."), new JsonObject())), 201);
    assertThat(aliceApi.post("/api/macros", macro("Mine shared", true, reply("x"), new JsonObject())).status())
        .isEqualTo(403);
    JsonObject mine = aliceApi.post("/api/macros", macro("Alice's own", false, reply("Hi"), new JsonObject())).json();

    assertThat(titles(aliceApi)).containsExactly("Alice's own", "Refund");
    assertThat(titles(bobApi)).containsExactly("Refund");
    long sharedId = admin.get("/api/macros").array().getJsonObject(0).getLong("id");
    assertThat(aliceApi.patch("/api/macros/" + sharedId, new JsonObject().put("title", "Mine now")).status())
        .isEqualTo(403);
    assertThat(bobApi.delete("/api/macros/" + mine.getLong("id")).status()).isEqualTo(404);
    check(aliceApi.patch("/api/macros/" + mine.getLong("id"), new JsonObject().put("title", "Renamed")), 200);
    check(aliceApi.delete("/api/macros/" + mine.getLong("id")), 204);
    assertThat(titles(aliceApi)).containsExactly("Refund");
  }

  private static java.util.List<String> titles(Api api) {
    return api.get("/api/macros").array().stream().map(o -> ((JsonObject) o).getString("title")).toList();
  }

  @Test
  void badMacrosAreRefusedNamingEveryField() {
    Api.Response r = aliceApi.post("/api/macros", new JsonObject().put("title", "")
        .put("message", new JsonObject().put("type", "shout").put("body", "Hi {{requester.nickname}}"))
        .put("set", new JsonObject().put("status", "gone").put("colour", "red")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"title\"").contains("message.type").contains("requester.nickname")
        .contains("set.status").contains("set.colour");
  }

  @Test
  void aMacroBodyThatCouldNotBeStoredIsA400AndNothingIsSaved() {
    // a lone surrogate as JSON escapes it: the client's own encoder would turn the character into "?"
    for (String body : java.util.List.of("Hello\u0000there", "Half LONE an emoji", "x".repeat(50_001))) {
      String json = macro("Bad", false, reply(body), new JsonObject()).encode().replace("LONE", "\\ud83d");
      Api.Response r = aliceApi.send("POST", "/api/macros", json, "application/json");
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("\"field\":\"message.body\"");
    }
    long id = aliceApi.post("/api/macros", macro("Good", false, reply("Fine"), new JsonObject())).json().getLong("id");
    Api.Response r = aliceApi.patch("/api/macros/" + id, new JsonObject().put("message", reply("Bad\u0000")));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(app.queryLong("SELECT count(*) FROM macros WHERE title = 'Bad'")).isZero();
    assertThat(app.queryString("SELECT message->>'body' FROM macros WHERE id = " + id)).isEqualTo("Fine");
  }

  @Test
  void aMacroWhoseFilledMessageWouldBeLongerThanAMessageMayBeAppliesNothing() {
    String subject = "S".repeat(200);
    Fixtures.ticket(admin, subject, Fixtures.contact(admin, "Long Subject"));
    // 260 placeholders of 18 characters (4,680) fill to 260 x 200 = 52,000 characters: over a message's 50,000
    long macroId = aliceApi.post("/api/macros", macro("Echo", false,
        new JsonObject().put("type", "note").put("body", "{{ticket.subject}}".repeat(260)),
        new JsonObject().put("priority", "urgent"))).json().getLong("id");
    long messages = app.queryLong("SELECT count(*) FROM messages");

    Api.Response r = aliceApi.post("/api/tickets/TKT-002/macros/" + macroId, new JsonObject().put("version", 1));

    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getString("detail")).contains("50,000");
    assertThat(app.queryLong("SELECT count(*) FROM messages")).isEqualTo(messages);
    JsonObject t = admin.get("/api/tickets/TKT-002").json();
    assertThat(t.getInteger("version")).isEqualTo(1);
    assertThat(t.getString("priority")).isNotEqualTo("urgent");
  }

  @Test
  void applyingFillsPlaceholdersAndChangesFieldsInOneGo() {
    long macroId = aliceApi.post("/api/macros", macro("Solved", false,
        reply("Hello {{requester.name}}, {{ticket.ref}} ({{ticket.subject}}) is solved. {{agent.name}}"),
        new JsonObject().put("status", "resolved").put("priority", "low").put("assignee", alice.getLong("id"))
            .put("addTags", new JsonArray().add("solved")).put("removeTags", new JsonArray().add("test"))))
        .json().getLong("id");

    Api.Response applied = aliceApi.post("/api/tickets/TKT-001/macros/" + macroId, new JsonObject().put("version", 1));
    check(applied, 200);
    JsonObject t = applied.json();
    assertThat(t.getString("status")).isEqualTo("resolved");
    assertThat(t.getString("priority")).isEqualTo("low");
    assertThat(t.getJsonObject("assignee").getLong("id")).isEqualTo(alice.getLong("id"));
    assertThat(t.getJsonArray("tags").getList()).containsExactly("solved");
    assertThat(t.getInteger("version")).isEqualTo(2);
    String thread = aliceApi.get("/api/tickets/TKT-001/messages").array().encode();
    assertThat(thread).contains("Hello Lea Müller, TKT-001 (Printer jams) is solved. Alice Agent")
        .contains("Status changed from Open to Resolved");
    assertThat(t.getJsonObject("sla").getString("firstRespondedAt")).isNotNull();
  }

  @Test
  void aStaleVersionAppliesNothing() {
    long macroId = aliceApi.post("/api/macros", macro("Close", false, reply("Bye"),
        new JsonObject().put("status", "resolved"))).json().getLong("id");
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("priority", "high")), 200);
    long messages = app.queryLong("SELECT count(*) FROM messages");

    Api.Response stale = aliceApi.post("/api/tickets/TKT-001/macros/" + macroId, new JsonObject().put("version", 1));

    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getJsonObject("current").getInteger("version")).isEqualTo(2);
    assertThat(app.queryLong("SELECT count(*) FROM messages")).isEqualTo(messages);
    assertThat(admin.get("/api/tickets/TKT-001").json().getString("status")).isEqualTo("open");
  }

  @Test
  void aFailingChangeRollsBackTheMessage() {
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "closed")), 200);
    long macroId = aliceApi.post("/api/macros", macro("Pend", false, new JsonObject().put("type", "note")
        .put("body", "Waiting"), new JsonObject().put("status", "pending"))).json().getLong("id");
    long messages = app.queryLong("SELECT count(*) FROM messages");

    Api.Response r = aliceApi.post("/api/tickets/TKT-001/macros/" + macroId, new JsonObject().put("version", 2));

    assertThat(r.status()).isEqualTo(422);
    assertThat(app.queryLong("SELECT count(*) FROM messages")).isEqualTo(messages);
  }

  @Test
  void anotherPersonsPrivateMacroCannotBeApplied() {
    long macroId = aliceApi.post("/api/macros", macro("Mine", false, reply("x"), new JsonObject())).json()
        .getLong("id");
    assertThat(bobApi.post("/api/tickets/TKT-001/macros/" + macroId, new JsonObject().put("version", 1)).status())
        .isEqualTo(404);
  }
}
