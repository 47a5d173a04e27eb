package dev.helpdesk.people;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contacts directory (paged search, edit, ticket counts, merge) and named wallboard links. */
class ContactDirectoryTest {

  private final TestApp app = TestApp.get();
  private Api admin;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
  }

  @Test
  void contactsComeInPagesThatMissNothing() {
    for (String name : new String[] {"Ann", "Bob", "Cat", "Dan", "Eve"}) {
      Fixtures.contact(admin, name);
    }
    List<String> names = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = admin.get("/api/contacts?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.getJsonArray("items").forEach(c -> names.add(((JsonObject) c).getString("name")));
      cursor = page.getString("nextCursor");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(names).containsExactly("Ann", "Bob", "Cat", "Dan", "Eve");
    assertThat(admin.get("/api/contacts?q=ev").json().getJsonArray("items")).hasSize(1);
    assertThat(admin.get("/api/contacts?cursor=nonsense").status()).isEqualTo(400);
  }

  @Test
  void aContactIsEditedAndShowsItsTicketCounts() {
    JsonObject c = Fixtures.contact(admin, "Fay");
    Fixtures.ticket(admin, "One", c);
    JsonObject two = Fixtures.ticket(admin, "Two", c);
    check(admin.patch("/api/tickets/" + two.getString("ref"), new JsonObject().put("version", 1).put("status", "resolved")),
        200);

    Api.Response r = admin.patch("/api/contacts/" + c.getLong("id"), new JsonObject().put("name", "Fay Fox")
        .put("company", "Fox Ltd").put("phone", ""));

    check(r, 200);
    assertThat(r.json().getString("name")).isEqualTo("Fay Fox");
    assertThat(r.json().getString("company")).isEqualTo("Fox Ltd");
    JsonObject got = admin.get("/api/contacts/" + c.getLong("id")).json();
    assertThat(got.getJsonObject("tickets")).isEqualTo(new JsonObject().put("open", 1).put("total", 2));
    JsonObject other = Fixtures.contact(admin, "Gus");
    assertThat(admin.patch("/api/contacts/" + c.getLong("id"), new JsonObject().put("email", other.getString("email")))
        .status()).isEqualTo(409);
  }

  @Test
  void mergingMovesEveryTicketAndRemovesTheDuplicate() {
    JsonObject dup = Fixtures.contact(admin, "Hal (old address)");
    JsonObject keep = Fixtures.contact(admin, "Hal");
    JsonObject t1 = Fixtures.ticket(admin, "First", dup);
    Fixtures.ticket(admin, "Second", dup);
    JsonObject trashed = Fixtures.ticket(admin, "Deleted", dup);
    check(admin.delete("/api/tickets/" + trashed.getString("ref")), 204);

    assertThat(admin.post("/api/contacts/" + dup.getLong("id") + "/merge", new JsonObject().put("into", dup.getLong("id")))
        .status()).isEqualTo(422);
    Api.Response merged = admin.post("/api/contacts/" + dup.getLong("id") + "/merge",
        new JsonObject().put("into", keep.getLong("id")));

    check(merged, 200);
    assertThat(merged.json().getInteger("ticketsMoved")).isEqualTo(2);
    assertThat(admin.get("/api/contacts/" + dup.getLong("id")).status()).isEqualTo(404);
    assertThat(admin.get("/api/contacts/" + keep.getLong("id")).json().getJsonObject("tickets").getLong("total"))
        .isEqualTo(2);
    assertThat(admin.get("/api/tickets/" + t1.getString("ref")).json().getJsonObject("requester").getLong("id"))
        .isEqualTo(keep.getLong("id"));
    // a ticket in the trash follows too, so that it can still be restored
    check(admin.post("/api/trash/" + trashed.getString("ref") + "/restore", null), 200);
    assertThat(admin.get("/api/contacts/" + keep.getLong("id")).json().getJsonObject("tickets").getLong("total"))
        .isEqualTo(3);
    assertThat(app.queryLong("SELECT count(*) FROM audit_log WHERE action = 'contact.merged'")).isEqualTo(1);
  }

  @Test
  void wallboardLinksAreNamedListedAndRevokedOneByOneDisconnectingTheirBoards() {
    TestApp other = TestApp.second();
    JsonObject hall = admin.post("/api/wallboard/links", new JsonObject().put("name", "Hall TV")).json();
    JsonObject office = admin.post("/api/wallboard/links", new JsonObject().put("name", "Office")).json();
    Api hallBoard = new Api(app.baseUrl(), hall.getString("token"));
    check(hallBoard.get("/api/wallboard"), 200);
    List<String> names = admin.get("/api/wallboard/links").array().stream()
        .map(o -> ((JsonObject) o).getString("name")).toList();
    assertThat(names).containsExactly("Hall TV", "Office");
    assertThat(admin.get("/api/wallboard/links").array().getJsonObject(0).getString("lastSeenAt")).isNotNull();

    try (LiveClient board = LiveClient.connect(other.baseUrl(), hall.getString("token"));
         LiveClient officeBoard = LiveClient.connect(other.baseUrl(), office.getString("token"))) {
      board.subscribe("wallboard");
      long start = System.nanoTime();
      check(admin.delete("/api/wallboard/links/" + hall.getLong("id")), 204);
      assertThat(board.awaitClose()).isEqualTo(4401);
      org.slf4j.LoggerFactory.getLogger(ContactDirectoryTest.class).info(
          "Revoked link's board on the second instance closed after {} ms", (System.nanoTime() - start) / 1_000_000);
      assertThat(officeBoard.isOpen()).isTrue();
    }
    assertThat(hallBoard.get("/api/wallboard").status()).isEqualTo(401);
    check(new Api(other.baseUrl(), office.getString("token")).get("/api/wallboard"), 200);
    assertThat(admin.get("/api/wallboard/links").array()).hasSize(1);
    assertThat(admin.delete("/api/wallboard/links/" + hall.getLong("id")).status()).isEqualTo(404);
    assertThat(app.queryLong("SELECT count(*) FROM audit_log WHERE action LIKE 'wallboard_link.%'")).isEqualTo(3);
  }

  @Test
  void mergingMovesCcsToTheOtherAddressWithoutDoubles() {
    JsonObject dup = Fixtures.contact(admin, "Ida (old address)");
    JsonObject keep = Fixtures.contact(admin, "Ida");
    JsonObject someone = Fixtures.contact(admin, "Jon");
    JsonObject a = Fixtures.ticket(admin, "Ida CC'd once", someone);
    JsonObject b = Fixtures.ticket(admin, "Ida CC'd twice", someone);
    check(admin.patch("/api/tickets/" + a.getString("ref"), new JsonObject().put("version", a.getInteger("version"))
        .put("ccs", new JsonArray().add(dup.getString("email")))), 200);
    check(admin.patch("/api/tickets/" + b.getString("ref"), new JsonObject().put("version", b.getInteger("version"))
        .put("ccs", new JsonArray().add(dup.getString("email")).add(keep.getString("email")))), 200);

    Api.Response merged = admin.post("/api/contacts/" + dup.getLong("id") + "/merge",
        new JsonObject().put("into", keep.getLong("id")));

    check(merged, 200);
    for (JsonObject t : List.of(a, b)) {
      List<String> ccs = new ArrayList<>();
      admin.get("/api/tickets/" + t.getString("ref")).json().getJsonArray("ccs")
          .forEach(cc -> ccs.add(((JsonObject) cc).getString("email")));
      assertThat(ccs).containsExactly(keep.getString("email"));
    }
  }
}
