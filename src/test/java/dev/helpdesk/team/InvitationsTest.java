package dev.helpdesk.team;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invitations and password resets by mail (GreenMail): single use, expiring, same answer for everyone. */
class InvitationsTest {

  private static final Pattern LINK = Pattern.compile("/set-password\\.html#token=([A-Za-z0-9_-]+)");

  private final TestApp app = TestApp.get();
  private GreenMail smtp;
  private Api admin;

  @BeforeEach
  void setUp() {
    app.reset();
    smtp = new GreenMail(new ServerSetup(app.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    admin = app.admin();
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
  }

  private List<MimeMessage> to(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(address);
      } catch (Exception e) {
        return false;
      }
    }).toList();
  }

  private String linkTokenIn(String address, int nth) {
    await().atMost(Duration.ofSeconds(20)).until(() -> to(address).size() >= nth);
    String body = GreenMailUtil.getBody(to(address).get(nth - 1)).replace("=\r\n", "").replace("=3D", "=");
    Matcher m = LINK.matcher(body);
    assertThat(m.find()).as(body).isTrue();
    return m.group(1);
  }

  @Test
  void anInvitedAgentChoosesAPasswordOnceFromTheMailAndSignsIn() {
    String email = Fixtures.uniqueEmail("ivy");
    Api.Response created = admin.post("/api/users", new JsonObject().put("email", email).put("name", "Ivy")
        .put("role", "agent"));
    check(created, 201);
    assertThat(created.json().getBoolean("invitationPending")).isTrue();
    String token = linkTokenIn(email, 1);

    Api.Response weak = app.anonymous().post("/api/auth/password", new JsonObject().put("token", token)
        .put("newPassword", "iloveyou12"));
    assertThat(weak.status()).isEqualTo(400);
    check(app.anonymous().post("/api/auth/password", new JsonObject().put("token", token)
        .put("newPassword", "ivy-chooses-this")), 200);
    assertThat(app.anonymous().post("/api/auth/password", new JsonObject().put("token", token)
        .put("newPassword", "ivy-chooses-again")).status()).isEqualTo(401);

    Api ivy = Api.login(app.baseUrl(), email, "ivy-chooses-this");
    assertThat(ivy.get("/api/me").json().getString("name")).isEqualTo("Ivy");
    assertThat(admin.get("/api/users/" + created.json().getLong("id")).json().getBoolean("invitationPending")).isFalse();
    assertThat(app.queryLong("SELECT count(*) FROM audit_log WHERE action = 'user.invited'")).isEqualTo(1);
  }

  @Test
  void aResentInvitationRetiresTheOldLinkAndLinksExpire() {
    String email = Fixtures.uniqueEmail("jo");
    long id = admin.post("/api/users", new JsonObject().put("email", email).put("name", "Jo").put("role", "agent"))
        .json().getLong("id");
    String first = linkTokenIn(email, 1);
    Api.Response resent = admin.post("/api/users/" + id + "/invitation", null);
    assertThat(resent.status()).isEqualTo(202);
    String second = linkTokenIn(email, 2);

    assertThat(app.anonymous().post("/api/auth/password", new JsonObject().put("token", first)
        .put("newPassword", "jo-long-password")).status()).isEqualTo(401);
    app.execute("UPDATE user_links SET expires_at = now() - interval '1 second'");
    assertThat(app.anonymous().post("/api/auth/password", new JsonObject().put("token", second)
        .put("newPassword", "jo-long-password")).status()).isEqualTo(401);
    assertThat(app.queryLong("SELECT count(*) FROM audit_log WHERE action = 'user.invitation_resent'")).isEqualTo(1);
  }

  @Test
  void aResetIsAlwaysAcceptedMailedOnlyToUsersAndEndsEverySession() throws Exception {
    JsonObject kim = Fixtures.user(admin, "Kim", "agent");
    Api before = Fixtures.login(app, kim);

    Api.Response unknown = app.anonymous().post("/api/auth/password-reset",
        new JsonObject().put("email", "nobody@nowhere.example"));
    Api.Response known = app.anonymous().post("/api/auth/password-reset",
        new JsonObject().put("email", kim.getString("email")));
    assertThat(unknown.status()).isEqualTo(202);
    assertThat(known.status()).isEqualTo(202);
    assertThat(known.json()).isEqualTo(unknown.json());
    String token = linkTokenIn(kim.getString("email"), 1);
    assertThat(to("nobody@nowhere.example")).isEmpty();

    check(app.anonymous().post("/api/auth/password", new JsonObject().put("token", token)
        .put("newPassword", "kim-new-password")), 200);
    assertThat(before.get("/api/me").status()).isEqualTo(401);
    check(Api.login(app.baseUrl(), kim.getString("email"), "kim-new-password").get("/api/me"), 200);
    assertThat(app.anonymous().post("/api/auth/password", new JsonObject().put("token", token)
        .put("newPassword", "kim-other-password")).status()).isEqualTo(401);

    // an admin may send the link too; deactivated users get none
    check(admin.post("/api/users/" + kim.getLong("id") + "/password-reset", null), 202);
    linkTokenIn(kim.getString("email"), 2);
    check(admin.patch("/api/users/" + kim.getLong("id"), new JsonObject().put("active", false)), 200);
    assertThat(app.anonymous().post("/api/auth/password-reset", new JsonObject().put("email", kim.getString("email")))
        .status()).isEqualTo(202);
    Thread.sleep(500);
    assertThat(to(kim.getString("email"))).hasSize(2);
  }

  @Test
  void theSignInRateLimitStays() {
    JsonObject wrong = new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", "wrong-password");
    for (int i = 0; i < 10; i++) {
      assertThat(app.anonymous().post("/api/auth/login", wrong).status()).isEqualTo(401);
    }
    assertThat(app.anonymous().post("/api/auth/login", wrong).status()).isEqualTo(429);
  }

  @Test
  void theAuditListsAdminActionsToAdminsOnly() {
    JsonObject lu = Fixtures.user(admin, "Lu", "agent");
    check(admin.patch("/api/users/" + lu.getLong("id"), new JsonObject().put("role", "admin").put("name", "Lucy")), 200);

    JsonObject page = admin.get("/api/audit?limit=2").json();
    assertThat(page.getJsonArray("items")).hasSize(2);
    JsonObject newest = page.getJsonArray("items").getJsonObject(0);
    assertThat(newest.getJsonObject("actor").getString("name")).isEqualTo("Administrator");
    assertThat(newest.getString("address")).isNotBlank();
    assertThat(newest.getString("at")).isNotBlank();
    JsonObject rest = admin.get("/api/audit?limit=2&cursor=" + page.getString("nextCursor")).json();
    assertThat(rest.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("action")))
        .contains("user.created");
    assertThat(Fixtures.login(app, Fixtures.user(admin, "Mo", "agent")).get("/api/audit").status()).isEqualTo(403);
  }

  @Test
  void requestersReachNoneOfIt() {
    JsonObject req = Fixtures.user(admin, "Ned", "requester");
    Api ned = Fixtures.login(app, req);
    for (String path : new String[] {"/api/trash", "/api/audit", "/api/contacts", "/api/wallboard/links"}) {
      assertThat(ned.get(path).status()).as(path).isEqualTo(403);
    }
    assertThat(ned.post("/api/users/1/reassign", new JsonObject().putNull("to")).status()).isEqualTo(403);
    assertThat(ned.patch("/api/users/1", new JsonObject().put("active", false)).status()).isEqualTo(403);
    assertThat(ned.post("/api/contacts/1/merge", new JsonObject().put("into", 2)).status()).isEqualTo(403);
    assertThat(ned.post("/api/trash/TKT-001/restore", null).status()).isEqualTo(403);
    check(ned.post("/api/auth/logout", null), 204);
    assertThat(ned.get("/api/me").status()).isEqualTo(401);
  }
}
