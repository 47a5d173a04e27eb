package dev.helpdesk.view;

import static dev.helpdesk.support.Fixtures.check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Saved views: private and shared, counts, listing through ?view=, bad queries named. */
class SavedViewsTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private Api aliceApi;
  private Api bobApi;
  private JsonObject contact;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    aliceApi = Fixtures.login(app, Fixtures.user(admin, "Alice", "agent"));
    bobApi = Fixtures.login(app, Fixtures.user(admin, "Bob", "agent"));
    contact = Fixtures.contact(admin, "Lea Müller");
    Fixtures.ticket(admin, "Printer jams", contact);
    Fixtures.ticket(admin, "Printer toner", contact);
    Fixtures.ticket(admin, "VPN down", contact);
    check(admin.patch("/api/tickets/TKT-002", new JsonObject().put("version", 1).put("priority", "urgent")), 200);
  }

  private static JsonObject view(String name, String query, String sort, boolean shared) {
    return new JsonObject().put("name", name).put("query", query).put("sort", sort).put("shared", shared);
  }

  private static List<String> names(Api api) {
    return api.get("/api/views").array().stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  @Test
  void aViewListsItsTicketsInItsSortAndCountsThem() {
    JsonObject v = aliceApi.post("/api/views", view("Printers", "subject:printer", "created", false)).json();

    JsonObject listed = aliceApi.get("/api/views").array().getJsonObject(0);
    assertThat(listed.getLong("count")).isEqualTo(2);
    JsonObject list = aliceApi.get("/api/tickets?view=" + v.getLong("id")).json();
    assertThat(list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("ref")).toList())
        .containsExactly("TKT-001", "TKT-002");
    JsonObject narrowed = aliceApi.get("/api/tickets?view=" + v.getLong("id") + "&q=priority:urgent").json();
    assertThat(narrowed.getLong("total")).isEqualTo(1);

    Fixtures.ticket(admin, "Printer on fire", contact);
    assertThat(aliceApi.get("/api/views").array().getJsonObject(0).getLong("count")).isEqualTo(3);
  }

  @Test
  void privateViewsAreTheOwnersAndSharedOnesEveryonesButOnlyTheOwnerChangesThem() {
    JsonObject mine = aliceApi.post("/api/views", view("Mine", "status:open", "-created", false)).json();
    JsonObject shared = aliceApi.post("/api/views", view("Team", "priority:urgent", "-created", true)).json();

    assertThat(names(aliceApi)).containsExactly("Mine", "Team");
    assertThat(names(bobApi)).containsExactly("Team");
    assertThat(bobApi.get("/api/tickets?view=" + mine.getLong("id")).status()).isEqualTo(404);
    assertThat(bobApi.patch("/api/views/" + shared.getLong("id"), new JsonObject().put("name", "Bob's")).status())
        .isEqualTo(403);
    check(admin.patch("/api/views/" + shared.getLong("id"), new JsonObject().put("name", "Urgent (team)")), 200);

    check(aliceApi.patch("/api/views/" + mine.getLong("id"), new JsonObject().put("position", 5)), 200);
    assertThat(names(aliceApi)).containsExactly("Urgent (team)", "Mine");
    check(aliceApi.delete("/api/views/" + mine.getLong("id")), 204);
    assertThat(names(aliceApi)).containsExactly("Urgent (team)");
  }

  @Test
  void aBadQueryOrSortIsA400NamingTheToken() {
    Api.Response r = aliceApi.post("/api/views", view("Bad", "status:opne colour:red", "size", false));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"query\"").contains("opne").contains("colour:")
        .contains("\"field\":\"sort\"");
  }

  @Test
  void requestersHaveNoViews() {
    JsonObject rita = Fixtures.user(admin, "Rita", "requester");
    Api ritaApi = Fixtures.login(app, rita);
    long id = aliceApi.post("/api/views", view("Team", "", "-created", true)).json().getLong("id");
    assertThat(ritaApi.get("/api/views").status()).isEqualTo(403);
    assertThat(ritaApi.get("/api/tickets?view=" + id).status()).isEqualTo(404);
  }
}
