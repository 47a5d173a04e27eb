package dev.helpdesk.search;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Free words match subject, description, conversation and requester; notes only for staff; subject: limits. */
class SearchEverythingTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private Api rita;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    JsonObject lea = Fixtures.contact(admin, "Lea Müller");
    JsonObject ritaUser = Fixtures.user(admin, "Rita Requester", "requester");
    rita = Fixtures.login(app, ritaUser);
    Fixtures.ticket(admin, "Printer jams", lea);                                            // 1
    check(admin.post("/api/tickets", Fixtures.ticketBody("Laptop slow", "user", ritaUser.getLong("id"))
        .put("description", "The fan makes a grinding noise")), 201);                     // 2
    check(admin.post("/api/tickets", Fixtures.ticketBody("VPN down", "user", ritaUser.getLong("id"))), 201); // 3
    check(admin.post("/api/tickets/TKT-003/messages", new JsonObject().put("type", "note")
        .put("body", "Internal: the firewall rule ZEBRA-42 blocks it")), 201);
    check(admin.post("/api/tickets/TKT-003/messages", new JsonObject().put("type", "reply")
        .put("body", "Please try the new gateway address")), 201);
  }

  private static List<String> refs(Api api, String q) {
    Api.Response r = api.get("/api/tickets?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    check(r, 200);
    return r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("ref")).sorted().toList();
  }

  private static JsonObject match(Api api, String q) {
    return api.get("/api/tickets?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).json().getJsonArray("items")
        .getJsonObject(0).getJsonObject("match");
  }

  @Test
  void aRequesterNameFindsTheirTickets() {
    assertThat(refs(admin, "Müller")).containsExactly("TKT-001");
    assertThat(match(admin, "müller").getString("field")).isEqualTo("requester");
  }

  @Test
  void wordsInTheDescriptionAndTheConversationMatchWithASnippet() {
    assertThat(refs(admin, "grinding")).containsExactly("TKT-002");
    assertThat(match(admin, "grinding")).isEqualTo(new JsonObject().put("field", "description")
        .put("snippet", "The fan makes a grinding noise"));
    assertThat(refs(admin, "gateway")).containsExactly("TKT-003");
    assertThat(match(admin, "gateway").getString("field")).isEqualTo("message");
    assertThat(match(admin, "gateway").getString("snippet")).contains("gateway");
    assertThat(refs(admin, "printer").isEmpty()).isFalse();
    assertThat(match(admin, "printer").getString("field")).isEqualTo("subject");
  }

  @Test
  void notesMatchForStaffAndNeverForARequester() {
    assertThat(refs(admin, "zebra-42")).containsExactly("TKT-003");
    assertThat(refs(rita, "zebra-42")).isEmpty();
    assertThat(refs(rita, "\"firewall rule\"")).isEmpty();
    assertThat(refs(rita, "gateway")).containsExactly("TKT-003");
    assertThat(rita.get("/api/tickets?q=gateway").body()).doesNotContain("ZEBRA");
  }

  @Test
  void allWordsMustMatchSomewhereAndTokensCombine() {
    assertThat(refs(admin, "vpn gateway")).containsExactly("TKT-003");
    assertThat(refs(admin, "vpn grinding")).isEmpty();
    assertThat(refs(admin, "status:open grinding")).containsExactly("TKT-002");
    assertThat(refs(admin, "-grinding")).containsExactly("TKT-001", "TKT-003");
  }

  @Test
  void subjectTokenLimitsAWordToTheSubject() {
    assertThat(refs(admin, "subject:grinding")).isEmpty();
    assertThat(refs(admin, "subject:laptop")).containsExactly("TKT-002");
    assertThat(refs(admin, "subject:\"vpn down\"")).containsExactly("TKT-003");
    Api.Response bad = admin.get("/api/tickets?q=subject:");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("subject:");
  }

  @Test
  void aWordFindsTheWholeWordAndAStarItsBeginning() {
    assertThat(refs(admin, "grind")).isEmpty();
    assertThat(refs(admin, "grind*")).containsExactly("TKT-002");
    assertThat(refs(admin, "GRINDING")).containsExactly("TKT-002");
    assertThat(refs(admin, "rinding")).isEmpty();
    assertThat(refs(admin, "rinding*")).isEmpty();
    assertThat(refs(admin, "subject:lap")).isEmpty();
    assertThat(refs(admin, "subject:LAP*")).containsExactly("TKT-002");
    assertThat(refs(admin, "zebra")).containsExactly("TKT-003");
    assertThat(refs(admin, "\"grinding noise\"")).containsExactly("TKT-002");
    assertThat(refs(admin, "\"noise grinding\"")).isEmpty();
    for (String noWord : new String[] {"!!!", "subject:++", "\"-- ;\""}) {
      Api.Response bad = admin.get("/api/tickets?q=" + java.net.URLEncoder.encode(noWord,
          java.nio.charset.StandardCharsets.UTF_8));
      assertThat(bad.status()).as(noWord).isEqualTo(400);
      assertThat(bad.body()).contains("no word to search for");
    }
  }

  @Test
  void partsOfAnAddressFindTheRequester() {
    String domain = admin.get("/api/tickets/TKT-001").json().getJsonObject("requester").getString("email")
        .replaceAll(".*@", "");
    assertThat(refs(admin, domain.split("\\.")[0])).contains("TKT-001");
    assertThat(refs(admin, "lea")).containsExactly("TKT-001");
  }

  @Test
  void theWordsFollowTheConversationEditsAndMerges() {
    check(admin.post("/api/tickets/TKT-001/messages", new JsonObject().put("type", "reply")
        .put("body", "Replaced the fuser unit")), 201);
    assertThat(refs(admin, "fuser")).containsExactly("TKT-001");
    JsonObject one = admin.get("/api/tickets/TKT-001").json();
    check(admin.patch("/api/tickets/TKT-001", new JsonObject().put("subject", "Scanner jams")
        .put("description", "It jams").put("version", one.getInteger("version"))), 200);
    assertThat(refs(admin, "printer")).isEmpty();
    assertThat(refs(admin, "scanner")).containsExactly("TKT-001");
    assertThat(refs(admin, "fuser")).containsExactly("TKT-001");
    long lea = one.getJsonObject("requester").getLong("id");
    check(admin.post("/api/tickets", Fixtures.ticketBody("Toner empty", "contact", lea)), 201); // 4
    check(admin.post("/api/tickets/TKT-001/merge", new JsonObject().put("into", "TKT-004")), 200);
    assertThat(refs(admin, "fuser")).containsExactly("TKT-004");
  }

  @Test
  void aRequesterFindsTheirRepliesButNotTheNotesOfTheSameTicket() {
    assertThat(refs(rita, "gateway zebra")).isEmpty();
    assertThat(refs(admin, "gateway zebra")).containsExactly("TKT-003");
    assertThat(refs(rita, "grind*")).containsExactly("TKT-002");
  }

  @Test
  void aRenamedRequesterIsFoundByTheNewNameOnly() {
    long lea = admin.get("/api/tickets/TKT-001").json().getJsonObject("requester").getLong("id");
    assertThat(refs(admin, "status:open müller")).containsExactly("TKT-001");
    check(admin.patch("/api/contacts/" + lea, new JsonObject().put("name", "Lea Schmidt")), 200);
    assertThat(refs(admin, "müller")).isEmpty();
    assertThat(refs(admin, "schmidt")).containsExactly("TKT-001");
    assertThat(refs(admin, "\"lea schmidt\"")).containsExactly("TKT-001");
  }
}
