package dev.helpdesk.satisfaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "How did we do?": single-use links, one rating per ticket, only by its requester, shown on the ticket. */
class SatisfactionTest {

  private static final Pattern LINK = Pattern.compile("/portal/rate\\.html#token=([A-Za-z0-9_-]+)&rating=good");

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject rita;
  private Api ritaPortal;
  private JsonObject sam;
  private Api samPortal;
  private long agent;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    rita = Fixtures.user(admin, "Rita", "requester");
    ritaPortal = Fixtures.login(app, rita);
    sam = Fixtures.user(admin, "Sam", "requester");
    samPortal = Fixtures.login(app, sam);
    agent = Fixtures.user(admin, "Alice Agent", "agent").getLong("id");
  }

  private String ticketOf(JsonObject requester) {
    JsonObject body = Fixtures.ticketBody("Printer on fire", "user", requester.getLong("id")).put("assignee", agent);
    Api.Response r = admin.post("/api/tickets", body);
    Fixtures.check(r, 201);
    return r.json().getString("ref");
  }

  private void setStatus(String ref, String status) {
    int version = admin.get("/api/tickets/" + ref).json().getInteger("version");
    Fixtures.check(admin.patch("/api/tickets/" + ref, new JsonObject().put("version", version).put("status", status)),
        200);
  }

  /** The token of the latest "How did we do?" mail to this address. */
  private String mailedToken(String email) {
    String body = app.queryString("SELECT text_body FROM outbox WHERE to_address = '" + email
        + "' AND subject LIKE 'How did we do?%' ORDER BY id DESC LIMIT 1");
    assertThat(body).as("the How did we do? mail").isNotNull().contains("Bad:");
    Matcher m = LINK.matcher(body);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private Api.Response rate(Api who, JsonObject body) {
    return who.post("/api/satisfaction", body);
  }

  @Test
  void resolvingAsksAndABadRatingFromTheLinkShowsOnTheTicketAndTellsTheAssignee() {
    String ref = ticketOf(rita);
    assertThat(admin.get("/api/tickets/" + ref).json().containsKey("satisfaction")).isTrue();
    assertThat(admin.get("/api/tickets/" + ref).json().getValue("satisfaction")).isNull();
    setStatus(ref, "resolved");
    String token = mailedToken(rita.getString("email"));

    JsonObject state = app.anonymous().post("/api/satisfaction/link", new JsonObject().put("token", token)).json();
    assertThat(state.getString("state")).isEqualTo("open");
    assertThat(state.getJsonObject("ticket").getString("ref")).isEqualTo(ref);

    Api.Response r = rate(app.anonymous(), new JsonObject().put("token", token).put("rating", "bad")
        .put("comment", "Still smoking"));
    Fixtures.check(r, 201);

    JsonObject s = admin.get("/api/tickets/" + ref).json().getJsonObject("satisfaction");
    assertThat(s.getString("rating")).isEqualTo("bad");
    assertThat(s.getString("comment")).isEqualTo("Still smoking");
    assertThat(s.getString("at")).isNotBlank();
    assertThat(ritaPortal.get("/api/tickets/" + ref).json().getJsonObject("satisfaction").getString("rating"))
        .isEqualTo("bad");
    // live: the ticket.updated event carries the rating
    assertThat(app.queryString("SELECT payload->'satisfaction'->>'rating' FROM events WHERE kind = 'ticket.updated'"
        + " ORDER BY id DESC LIMIT 1")).isEqualTo("bad");
    // the assignee hears of it
    assertThat(app.queryLong("SELECT count(*) FROM outbox o JOIN users u ON u.email = o.to_address"
        + " WHERE u.id = " + agent + " AND o.subject LIKE 'Rated bad:%' AND o.text_body LIKE '%Still smoking%'"))
        .isEqualTo(1);
  }

  @Test
  void theMailSaysWhatTheRatingPageAsksForInsteadOfPromisingOneClick() {
    String ref = ticketOf(rita);
    setStatus(ref, "resolved");
    mailedToken(rita.getString("email"));
    String text = app.queryString("SELECT text_body FROM outbox WHERE subject LIKE 'How did we do?%' ORDER BY id DESC LIMIT 1");
    String html = app.queryString("SELECT html_body FROM outbox WHERE subject LIKE 'How did we do?%' ORDER BY id DESC LIMIT 1");
    // The link opens rate.html with the choice made; nothing is recorded until "Send my rating".
    for (String body : List.of(text, html)) {
      assertThat(body).doesNotContainIgnoringCase("one click").contains("Send my rating");
    }
  }

  @Test
  void aLinkWorksOnceAndATicketIsRatedOnce() {
    String ref = ticketOf(rita);
    setStatus(ref, "resolved");
    String token = mailedToken(rita.getString("email"));

    Fixtures.check(rate(app.anonymous(), new JsonObject().put("token", token).put("rating", "good")), 201);
    Api.Response again = rate(app.anonymous(), new JsonObject().put("token", token).put("rating", "bad"));
    Api.Response portal = rate(ritaPortal, new JsonObject().put("ticket", ref).put("rating", "bad"));

    assertThat(again.status()).isEqualTo(409);
    assertThat(portal.status()).isEqualTo(409);
    assertThat(admin.get("/api/tickets/" + ref).json().getJsonObject("satisfaction").getString("rating"))
        .isEqualTo("good");
    assertThat(app.anonymous().post("/api/satisfaction/link", new JsonObject().put("token", token)).json()
        .getString("state")).isEqualTo("rated");
    // resolved again after a reopening: a rated ticket is not asked twice
    setStatus(ref, "open");
    setStatus(ref, "resolved");
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE subject LIKE 'How did we do?%'")).isEqualTo(1);
    // no assignee mail for a good rating
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE subject LIKE 'Rated bad:%'")).isZero();
  }

  @Test
  void unknownAndExpiredLinksAreRefused() {
    String ref = ticketOf(rita);
    setStatus(ref, "resolved");
    String token = mailedToken(rita.getString("email"));
    app.execute("UPDATE satisfaction_links SET expires_at = now() - interval '1 minute'");

    assertThat(rate(app.anonymous(), new JsonObject().put("token", token).put("rating", "good")).status())
        .isEqualTo(410);
    assertThat(rate(app.anonymous(), new JsonObject().put("token", "nope").put("rating", "good")).status())
        .isEqualTo(404);
    assertThat(rate(app.anonymous(), new JsonObject().put("token", token).put("rating", "meh")).status())
        .isEqualTo(400);
    assertThat(admin.get("/api/tickets/" + ref).json().getValue("satisfaction")).isNull();
  }

  @Test
  void onlyTheRequesterRatesTheirOwnResolvedTicketInThePortal() {
    String ritas = ticketOf(rita);
    String open = ticketOf(rita);
    setStatus(ritas, "resolved");

    assertThat(rate(samPortal, new JsonObject().put("ticket", ritas).put("rating", "bad")).status()).isEqualTo(404);
    assertThat(rate(admin, new JsonObject().put("ticket", ritas).put("rating", "good")).status()).isEqualTo(403);
    assertThat(rate(app.anonymous(), new JsonObject().put("ticket", ritas).put("rating", "good")).status())
        .isEqualTo(401);
    assertThat(rate(ritaPortal, new JsonObject().put("ticket", open).put("rating", "good")).status()).isEqualTo(422);
    assertThat(samPortal.get("/api/tickets/" + ritas).status()).isEqualTo(404);

    Api.Response mine = rate(ritaPortal, new JsonObject().put("ticket", ritas).put("rating", "good")
        .put("comment", "Quick!"));

    Fixtures.check(mine, 201);
    assertThat(ritaPortal.get("/api/tickets/" + ritas).json().getJsonObject("satisfaction").getString("comment"))
        .isEqualTo("Quick!");
  }
}
