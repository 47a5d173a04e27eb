package dev.helpdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the ticket body, each refused with a 400 naming the field, and nothing written. */
class TicketValidationTest {

  private static final TestApp app = TestApp.get();
  private static Api admin;
  private static long contactId;

  @BeforeAll
  static void setUp() {
    app.reset();
    admin = app.admin();
    contactId = Fixtures.contact(admin, "Val Idation").getLong("id");
    Fixtures.check(admin.post("/api/tickets", valid()), 201);
  }

  static JsonObject valid() {
    return Fixtures.ticketBody("Valid", "contact", contactId);
  }

  static Stream<Arguments> badCreates() {
    return Stream.of(
        bad("subject", b -> b.put("subject", "")),
        bad("subject", b -> b.put("subject", "   ")),
        bad("subject", b -> b.put("subject", "x".repeat(201))),
        bad("subject", b -> b.put("subject", 42)),
        bad("subject", b -> { b.remove("subject"); return b; }),
        bad("description", b -> b.put("description", "x".repeat(100_001))),
        bad("priority", b -> b.put("priority", "critical")),
        bad("priority", b -> b.put("priority", "URGENT")),
        bad("priority", b -> { b.remove("priority"); return b; }),
        bad("category", b -> b.put("category", "sales")),
        bad("channel", b -> b.put("channel", "fax")),
        bad("channel", b -> { b.remove("channel"); return b; }),
        bad("requester", b -> { b.remove("requester"); return b; }),
        bad("requester", b -> b.put("requester", "bob")),
        bad("requester.type", b -> b.put("requester", new JsonObject().put("type", "robot").put("id", 1))),
        bad("requester.id", b -> b.put("requester", new JsonObject().put("type", "contact").put("id", -1))),
        bad("requester", b -> b.put("requester", new JsonObject().put("type", "contact").put("id", 999_999))),
        bad("requester", b -> b.put("requester", new JsonObject().put("type", "user").put("id", 999_999))),
        bad("assignee", b -> b.put("assignee", 999_999)),
        bad("assignee", b -> b.put("assignee", "alice")),
        bad("tags", b -> b.put("tags", "vip")),
        bad("tags", b -> b.put("tags", new JsonArray(java.util.Collections.nCopies(21, "t")))),
        bad("tags[0]", b -> b.put("tags", new JsonArray().add(""))),
        bad("tags[0]", b -> b.put("tags", new JsonArray().add("x".repeat(41)))),
        bad("tags[1]", b -> b.put("tags", new JsonArray().add("ok").add(7))),
        bad("tags[0]", b -> b.put("tags", new JsonArray().add("<script>"))),
        bad("dueAt", b -> b.put("dueAt", "tomorrow")),
        bad("dueAt", b -> b.put("dueAt", "2026-13-01T00:00:00Z")),
        bad("status", b -> b.put("status", "open")),
        bad("version", b -> b.put("version", 3)));
  }

  private static Arguments bad(String field, UnaryOperator<JsonObject> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreates")
  void badCreateIsRefusedNamingTheFieldAndWritesNothing(String field, UnaryOperator<JsonObject> change) {
    long before = app.queryLong("SELECT count(*) FROM tickets") + app.queryLong("SELECT count(*) FROM events");

    Api.Response r = admin.post("/api/tickets", change.apply(valid()));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().getInteger("status")).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains(field);
    assertThat(app.queryLong("SELECT count(*) FROM tickets") + app.queryLong("SELECT count(*) FROM events"))
        .isEqualTo(before);
  }

  @Test
  void aSubjectOfExactly200CharactersIsAccepted() {
    assertThat(admin.post("/api/tickets", valid().put("subject", "é".repeat(200))).status()).isEqualTo(201);
  }

  @Test
  void malformedBodiesAreRefused() {
    assertThat(admin.send("POST", "/api/tickets", "{\"subject\":", "application/json").status()).isEqualTo(400);
    assertThat(admin.send("POST", "/api/tickets", "[1,2]", "application/json").status()).isEqualTo(400);
    assertThat(admin.send("POST", "/api/tickets", "", "application/json").status()).isEqualTo(400);
    assertThat(admin.send("POST", "/api/tickets", valid().encode(), "text/plain").status()).isEqualTo(415);
    Api.Response huge = admin.send("POST", "/api/tickets", "{\"subject\":\"" + "x".repeat(2_000_000) + "\"}",
        "application/json");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.contentType()).startsWith("application/problem+json");
  }

  static Stream<Arguments> badPatches() {
    return Stream.of(
        bad("version", b -> { b.remove("version"); return b; }),
        bad("version", b -> b.put("version", "1")),
        bad("status", b -> b.put("status", "done")),
        bad("status", b -> b.putNull("status")),
        bad("subject", b -> b.putNull("subject")),
        bad("subject", b -> b.put("subject", "")),
        bad("priority", b -> b.put("priority", 1)),
        bad("tags", b -> b.putNull("tags")),
        bad("ref", b -> b.put("ref", "TKT-555")),
        bad("assignee", b -> b.put("assignee", 999_999)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPatches")
  void badPatchIsRefusedNamingTheFieldAndChangesNothing(String field, UnaryOperator<JsonObject> change) {
    JsonObject before = admin.get("/api/tickets/TKT-001").json();

    Api.Response r = admin.patch("/api/tickets/TKT-001",
        change.apply(new JsonObject().put("version", before.getInteger("version")).put("priority", "low")));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .contains(field);
    assertThat(admin.get("/api/tickets/TKT-001").json()).isEqualTo(before);
  }
}
