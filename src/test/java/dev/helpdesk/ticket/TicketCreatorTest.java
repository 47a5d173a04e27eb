package dev.helpdesk.ticket;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who opened a ticket (its {@code created_by}): the staff member who wrote it down for the
 * requester, or nobody when the requester opened it themself; staff see who, a requester only
 * whether the support team wrote the opening text.
 */
class TicketCreatorTest {

  private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9._-]+)");

  private final TestApp app = TestApp.get();
  private Api admin;
  private long adminId;
  private JsonObject pia;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    adminId = app.queryLong("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1");
    pia = Fixtures.contact(admin, "Pia Portal");
  }

  private Api piaPortal() {
    String body = app.queryString("SELECT text_body FROM outbox WHERE to_address = '" + pia.getString("email")
        + "' ORDER BY id DESC LIMIT 1");
    Matcher m = TOKEN.matcher(body);
    assertThat(m.find()).as(body).isTrue();
    Api.Response r = app.anonymous().post("/api/auth/portal", new JsonObject().put("token", m.group(1)));
    check(r, 200);
    return new Api(app.baseUrl(), r.json().getString("token"));
  }

  @Test
  void anAgentsWebTicketIsTheirsAndTheRequesterLearnsOnlyThatTheTeamWroteIt() {
    JsonObject carl = Fixtures.user(admin, "Carl Nyberg", "agent");
    Api carlApi = Fixtures.login(app, carl);
    Api.Response created = carlApi.post("/api/tickets",
        Fixtures.ticketBody("Wrote it down for you", "contact", pia.getLong("id")).put("channel", "web"));
    check(created, 201);
    assertThat(created.json().getBoolean("openedByStaff")).isTrue();
    assertThat(created.json().containsKey("createdBy")).as("the shared JSON never names the creator").isFalse();
    String ref = created.json().getString("ref");
    assertThat(app.queryLong("SELECT created_by FROM tickets WHERE ref = '" + ref + "'"))
        .isEqualTo(carl.getLong("id"));

    JsonObject staffView = admin.get("/api/tickets/" + ref).json();
    assertThat(staffView.getBoolean("openedByStaff")).isTrue();
    assertThat(staffView.getJsonObject("createdBy"))
        .isEqualTo(new JsonObject().put("id", carl.getLong("id")).put("name", "Carl Nyberg"));

    JsonObject requesterView = piaPortal().get("/api/tickets/" + ref).json();
    assertThat(requesterView.getBoolean("openedByStaff")).isTrue();
    assertThat(requesterView.containsKey("createdBy")).isFalse();
    assertThat(requesterView.encode()).doesNotContain("Carl");
  }

  @Test
  void aRequestersOwnTicketHasNoCreatorWhateverTheDoor() {
    check(app.anonymous().post("/api/requests", new JsonObject().put("email", pia.getString("email"))
        .put("subject", "From the form").put("description", "I wrote this myself")), 202);
    long fromForm = app.queryLong("SELECT id FROM tickets WHERE subject = 'From the form'");
    assertThat(app.queryString("SELECT created_by::text FROM tickets WHERE id = " + fromForm)).isNull();
    Api portal = piaPortal();
    assertThat(portal.get("/api/tickets/" + fromForm).json().getBoolean("openedByStaff")).isFalse();
    JsonObject staffView = admin.get("/api/tickets/" + fromForm).json();
    assertThat(staffView.containsKey("createdBy")).isTrue();
    assertThat(staffView.getValue("createdBy")).isNull();
    assertThat(staffView.getBoolean("openedByStaff")).isFalse();

    // the portal's own "new request"
    Api.Response own = portal.post("/api/tickets", new JsonObject().put("subject", "From the portal")
        .put("description", "Mine too"));
    check(own, 201);
    assertThat(own.json().getBoolean("openedByStaff")).isFalse();
    assertThat(app.queryString("SELECT created_by::text FROM tickets WHERE subject = 'From the portal'")).isNull();

    // a staff member opening a ticket for themself is its requester too
    Api.Response self = admin.post("/api/tickets",
        Fixtures.ticketBody("My own laptop", "user", adminId).put("channel", "web"));
    check(self, 201);
    assertThat(self.json().getBoolean("openedByStaff")).isFalse();
  }

  @Test
  void oldTicketsGetTheirCreatorFromTheNotesOfTheirCreationOrFallBackToTheChannel() throws Exception {
    JsonObject carl = Fixtures.user(admin, "Carl Nyberg", "agent");
    String assigned = check201(admin.post("/api/tickets", Fixtures.ticketBody("Assigned at once", "contact",
        pia.getLong("id")).put("assignee", carl.getLong("id"))));
    String plain = check201(admin.post("/api/tickets", Fixtures.ticketBody("Plain email", "contact",
        pia.getLong("id"))));
    String phone = check201(admin.post("/api/tickets", Fixtures.ticketBody("On the phone", "contact",
        pia.getLong("id")).put("channel", "phone")));
    // as before V80: nothing recorded; then the migration's backfill
    app.execute("UPDATE tickets SET created_by = NULL");
    String migration = new String(getClass().getResourceAsStream("/db/migration/V80__ticket_created_by.sql")
        .readAllBytes(), StandardCharsets.UTF_8);
    app.execute(migration.substring(migration.indexOf("UPDATE tickets")));

    assertThat(app.queryLong("SELECT created_by FROM tickets WHERE ref = '" + assigned + "'"))
        .as("the author of its assignment note").isEqualTo(adminId);
    assertThat(app.queryString("SELECT created_by::text FROM tickets WHERE ref = '" + plain + "'")).isNull();
    assertThat(admin.get("/api/tickets/" + plain).json().getBoolean("openedByStaff")).as("unknown").isFalse();
    assertThat(app.queryString("SELECT created_by::text FROM tickets WHERE ref = '" + phone + "'")).isNull();
    assertThat(admin.get("/api/tickets/" + phone).json().getBoolean("openedByStaff"))
        .as("phone, chat and internal tickets are the team's").isTrue();
  }

  private static String check201(Api.Response r) {
    check(r, 201);
    return r.json().getString("ref");
  }
}
