package dev.helpdesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Portal links: signed, expiring, single use, and only ever a requester's session for their own tickets. */
class PortalTest {

  private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9._-]+)");

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Pia Portal");
    Fixtures.ticket(admin, "Hers", contact);
    Fixtures.ticket(admin, "Someone else's", Fixtures.contact(admin, "Other"));
  }

  private String latestLinkToken() {
    String body = app.queryString("SELECT text_body FROM outbox WHERE to_address = '"
        + contact.getString("email") + "' ORDER BY id DESC LIMIT 1");
    Matcher m = TOKEN.matcher(body);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private Api.Response exchange(String token) {
    return app.anonymous().post("/api/auth/portal", new JsonObject().put("token", token));
  }

  @Test
  void aLinkSignsTheContactInToTheirOwnTicketsOnly() {
    Api.Response r = exchange(latestLinkToken());

    assertThat(r.status()).isEqualTo(200);
    Api portal = new Api(app.baseUrl(), r.json().getString("token"));
    assertThat(portal.get("/api/me").json().getString("type")).isEqualTo("contact");
    assertThat(portal.get("/api/tickets").json().getLong("total")).isEqualTo(1);
    assertThat(portal.get("/api/tickets/TKT-001").status()).isEqualTo(200);
    assertThat(portal.get("/api/tickets/TKT-002").status()).isEqualTo(404);
    assertThat(portal.get("/api/users").status()).isEqualTo(403);
  }

  @Test
  void aLinkWorksOnce() {
    String token = latestLinkToken();
    assertThat(exchange(token).status()).isEqualTo(200);
    Api.Response again = exchange(token);
    assertThat(again.status()).isEqualTo(401);
    assertThat(again.json().getString("detail")).contains("used already");
  }

  @Test
  void anEditedLinkOrASessionTokenIsRefused() {
    String token = latestLinkToken();
    String edited = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BBB" : "AAA");
    assertThat(exchange(edited).status()).isEqualTo(401);
    assertThat(exchange(admin.token()).status()).isEqualTo(401);
    assertThat(exchange("garbage").status()).isEqualTo(401);
    assertThat(new Api(app.baseUrl(), token).get("/api/me").status()).as("a link is not a session").isEqualTo(401);
  }

  @Test
  void askingForANewLinkAnswersTheSameForKnownAndUnknownAddresses() {
    long before = app.queryLong("SELECT count(*) FROM outbox");
    Api.Response known = app.anonymous().post("/api/auth/portal/link",
        new JsonObject().put("email", contact.getString("email")));
    Api.Response unknown = app.anonymous().post("/api/auth/portal/link",
        new JsonObject().put("email", "nobody@nowhere.example"));

    assertThat(known.status()).isEqualTo(202);
    assertThat(unknown.status()).isEqualTo(202);
    assertThat(known.body()).isEqualTo(unknown.body());
    assertThat(app.queryLong("SELECT count(*) FROM outbox")).isEqualTo(before + 1);
    assertThat(exchange(latestLinkToken()).status()).isEqualTo(200);
  }
}
