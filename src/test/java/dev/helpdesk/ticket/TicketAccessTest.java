package dev.helpdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requesters see only their own tickets; only staff change or delete them. */
class TicketAccessTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private Api rita;
  private JsonObject ritaUser;
  private JsonObject sam;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    ritaUser = Fixtures.user(admin, "Rita", "requester");
    rita = Fixtures.login(app, ritaUser);
    sam = Fixtures.user(admin, "Sam", "requester");
    admin.post("/api/tickets", Fixtures.ticketBody("Rita's problem", "user", ritaUser.getLong("id")));
    admin.post("/api/tickets", Fixtures.ticketBody("Sam's problem", "user", sam.getLong("id")));
  }

  @Test
  void requesterListsOnlyTheirOwnTickets() {
    JsonObject page = rita.get("/api/tickets").json();

    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(TicketApiTest.refs(page)).containsExactly("TKT-001");
  }

  @Test
  void requesterCannotReadAnotherRequestersTicketOrThread() {
    assertThat(rita.get("/api/tickets/TKT-001").status()).isEqualTo(200);
    assertThat(rita.get("/api/tickets/TKT-002").status()).isEqualTo(404);
    assertThat(rita.get("/api/tickets/TKT-002/messages").status()).isEqualTo(404);
  }

  @Test
  void requesterCannotChangeOrDeleteTickets() {
    Api.Response patch = rita.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("status", "closed"));
    Api.Response delete = rita.delete("/api/tickets/TKT-001");

    assertThat(patch.status()).isEqualTo(403);
    assertThat(delete.status()).isEqualTo(403);
    assertThat(admin.get("/api/tickets/TKT-001").json().getString("status")).isEqualTo("open");
  }

  @Test
  void requesterOpensTicketsOnlyForThemselfThroughTheWeb() {
    Api.Response own = rita.post("/api/tickets", new JsonObject().put("subject", "Mine").put("description", "help"));
    Api.Response forSam = rita.post("/api/tickets", new JsonObject().put("subject", "Not mine")
        .put("requester", new JsonObject().put("type", "user").put("id", sam.getLong("id"))));

    assertThat(own.status()).isEqualTo(201);
    assertThat(own.json().getString("channel")).isEqualTo("web");
    assertThat(own.json().getJsonObject("requester").getLong("id")).isEqualTo(ritaUser.getLong("id"));
    assertThat(forSam.status()).isEqualTo(403);
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).isEqualTo(3);
  }

  @Test
  void requesterCannotUseStaffDirectories() {
    assertThat(rita.get("/api/users").status()).isEqualTo(403);
    assertThat(rita.get("/api/contacts").status()).isEqualTo(403);
    assertThat(rita.post("/api/contacts", new JsonObject().put("email", "x@y.example").put("name", "X")).status())
        .isEqualTo(403);
  }

  @Test
  void agentCannotDoAdminThings() {
    Api agent = Fixtures.login(app, Fixtures.user(admin, "Agent Al", "agent"));

    Api.Response r = agent.post("/api/users", new JsonObject().put("email", "new@test.example").put("name", "N")
        .put("role", "admin").put("password", "password123"));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().getString("detail")).contains("admin");
    assertThat(agent.patch("/api/tickets/TKT-001", new JsonObject().put("version", 1).put("priority", "low")).status())
        .isEqualTo(200);
  }
}
