package dev.helpdesk.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing rules: first match wins, inactive rules do nothing, round robin takes turns (also across instances). */
class RoutingTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private JsonObject contact;
  private long ann;
  private long ben;
  private long cat;

  @BeforeEach
  void setUp() {
    app.reset();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Carol Customer");
    ann = Fixtures.user(admin, "Ann", "agent").getLong("id");
    ben = Fixtures.user(admin, "Ben", "agent").getLong("id");
    cat = Fixtures.user(admin, "Cat", "agent").getLong("id");
  }

  private static JsonObject rule(String name, boolean active, JsonObject when, JsonObject then) {
    return new JsonObject().put("name", name).put("active", active).put("when", when).put("then", then);
  }

  private void putRules(JsonObject... rules) {
    Api.Response r = admin.send("PUT", "/api/routing/rules", new JsonArray(List.of((Object[]) rules)).encode(),
        "application/json");
    Fixtures.check(r, 200);
  }

  private JsonObject create(Api who, String subject, String category, String priority) {
    JsonObject body = Fixtures.ticketBody(subject, "contact", contact.getLong("id"))
        .put("category", category).put("priority", priority);
    Api.Response r = who.post("/api/tickets", body);
    Fixtures.check(r, 201);
    return r.json();
  }

  private static Long assignee(JsonObject ticket) {
    JsonObject a = ticket.getJsonObject("assignee");
    return a == null ? null : a.getLong("id");
  }

  private List<String> systemMessages(String ref) {
    List<String> bodies = new ArrayList<>();
    admin.get("/api/tickets/" + ref + "/messages").array().forEach(m -> {
      JsonObject message = (JsonObject) m;
      if ("system".equals(message.getString("type"))) {
        bodies.add(message.getString("body"));
      }
    });
    return bodies;
  }

  @Test
  void aSaveBasedOnRulesAnotherAdminHasSinceChangedIsRefusedWithTheirs() {
    Api other = Fixtures.login(app, Fixtures.user(admin, "Olga Otheradmin", "admin"));
    JsonArray opened = admin.get("/api/routing/rules").array(); // both admins open the page: no rules
    JsonObject theirs = rule("Billing to Ann", true, new JsonObject().put("category", new JsonArray().add("billing")),
        new JsonObject().put("assign", ann));
    Fixtures.check(other.send("PUT", "/api/routing/rules", new JsonObject()
        .put("rules", new JsonArray().add(theirs)).put("expected", opened).encode(), "application/json"), 200);

    JsonObject mine = rule("Urgent to Ben", true, new JsonObject().put("priority", new JsonArray().add("urgent")),
        new JsonObject().put("assign", ben));
    Api.Response stale = admin.send("PUT", "/api/routing/rules", new JsonObject()
        .put("rules", new JsonArray().add(mine)).put("expected", opened).encode(), "application/json");

    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getString("detail")).contains("changed");
    assertThat(stale.json().getJsonArray("current").getJsonObject(0).getString("name")).isEqualTo("Billing to Ann");
    assertThat(admin.get("/api/routing/rules").array().getJsonObject(0).getString("name")).isEqualTo("Billing to Ann");

    // saving again on top of what is there now, or without "expected" (scripts), goes through
    Fixtures.check(admin.send("PUT", "/api/routing/rules", new JsonObject()
        .put("rules", new JsonArray().add(theirs).add(mine)).put("expected", stale.json().getJsonArray("current"))
        .encode(), "application/json"), 200);
    putRules(mine);
    assertThat(admin.get("/api/routing/rules").array()).hasSize(1);
  }

  @Test
  void changingTheRulesIsInTheAuditWithTheRulesAsSaved() {
    putRules(rule("Billing turns", true, new JsonObject().put("category", new JsonArray().add("billing")),
        new JsonObject().put("assign", "round_robin").put("among", new JsonArray().add(ann).add(ben))));

    JsonObject newest = admin.get("/api/audit?limit=1").json().getJsonArray("items").getJsonObject(0);
    assertThat(newest.getString("action")).isEqualTo("routing_rules.changed");
    assertThat(newest.getJsonObject("actor").getString("name")).isEqualTo("Administrator");
    JsonArray saved = newest.getJsonObject("detail").getJsonArray("rules");
    assertThat(saved).hasSize(1);
    assertThat(saved.getJsonObject(0).getString("name")).isEqualTo("Billing turns");

    // a refused list changes nothing, and so is not in the audit
    Api.Response refused = admin.send("PUT", "/api/routing/rules", new JsonArray().add(rule("Bad", true,
        new JsonObject(), new JsonObject().put("assign", "round_robin"))).encode(), "application/json");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(admin.get("/api/audit?limit=1").json().getJsonArray("items").getJsonObject(0).getLong("id"))
        .isEqualTo(newest.getLong("id"));
  }

  @Test
  void theFirstMatchingRuleWinsAndIsNamedInTheThread() {
    putRules(
        rule("Invoices to Ann", true, new JsonObject().put("category", new JsonArray().add("billing")),
            new JsonObject().put("assign", ann).put("priority", "high").put("addTags", new JsonArray().add("money"))),
        rule("Billing to Ben", true, new JsonObject().put("category", new JsonArray().add("billing")),
            new JsonObject().put("assign", ben)));

    JsonObject t = create(admin, "Invoice wrong", "billing", "low");
    JsonObject other = create(admin, "Printer jam", "technical", "low");

    assertThat(assignee(t)).isEqualTo(ann);
    assertThat(t.getString("priority")).isEqualTo("high");
    assertThat(t.getJsonArray("tags").getList()).containsExactly("test", "money");
    assertThat(systemMessages(t.getString("ref")))
        .containsExactly("Routed by rule \u201cInvoices to Ann\u201d: assigned to Ann; priority set to High;"
            + " tagged money.");
    assertThat(assignee(other)).isNull();
    assertThat(systemMessages(other.getString("ref"))).isEmpty();
  }

  @Test
  void everyConditionMustHoldAndSubjectWordsAndTagsMatchAnyOfTheirValues() {
    putRules(rule("Urgent printers", true, new JsonObject()
            .put("priority", new JsonArray().add("urgent").add("high"))
            .put("subjectContains", new JsonArray().add("printer").add("toner"))
            .put("tags", new JsonArray().add("test")),
        new JsonObject().put("assign", cat)));

    assertThat(assignee(create(admin, "The PRINTER is on fire", "technical", "urgent"))).isEqualTo(cat);
    assertThat(assignee(create(admin, "Toner low", "general", "high"))).isEqualTo(cat);
    assertThat(assignee(create(admin, "The printer again", "technical", "low"))).isNull();
    assertThat(assignee(create(admin, "Scanner broken", "technical", "urgent"))).isNull();
  }

  @Test
  void inactiveRulesDoNothing() {
    putRules(rule("Off", false, new JsonObject(), new JsonObject().put("assign", ann)),
        rule("On", true, new JsonObject().put("category", new JsonArray().add("account")),
            new JsonObject().put("assign", ben)));

    assertThat(assignee(create(admin, "Locked out", "account", "medium"))).isEqualTo(ben);
    JsonObject untouched = create(admin, "Question", "general", "medium");
    assertThat(assignee(untouched)).isNull();
    assertThat(untouched.getString("priority")).isEqualTo("medium");
    assertThat(systemMessages(untouched.getString("ref"))).isEmpty();
  }

  @Test
  void roundRobinTakesTurnsAndSkipsDeactivatedAgents() {
    putRules(rule("Everyone", true, new JsonObject(), new JsonObject().put("assign", "round_robin")
        .put("among", new JsonArray().add(ann).add(ben).add(cat))));

    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      got.add(assignee(create(admin, "Turn " + i, "general", "medium")));
    }
    assertThat(got).containsExactly(ann, ben, cat, ann, ben, cat);

    Fixtures.check(admin.patch("/api/users/" + ben, new JsonObject().put("active", false)), 200);
    List<Long> later = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      later.add(assignee(create(admin, "Later " + i, "general", "medium")));
    }
    assertThat(later).containsExactly(ann, cat, ann, cat);
    JsonObject t = create(admin, "Named", "general", "medium");
    assertThat(systemMessages(t.getString("ref"))).singleElement().asString()
        .contains("Everyone").contains("round robin");
  }

  @Test
  void roundRobinTakesTurnsWhenTwoInstancesCreateAtOnce() throws Exception {
    TestApp second = TestApp.second();
    putRules(rule("Pair", true, new JsonObject(), new JsonObject().put("assign", "round_robin")
        .put("among", new JsonArray().add(ann).add(ben))));
    Api other = second.admin();
    // the second instance hears of the new rules through NOTIFY
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (second.app().services().routing().rules().current().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(second.app().services().routing().rules().current()).hasSize(1);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<JsonObject>> made = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Api who = i % 2 == 0 ? admin : other;
      int n = i;
      made.add(pool.submit(() -> create(who, "Concurrent " + n, "general", "medium")));
    }
    List<JsonObject> tickets = new ArrayList<>();
    for (Future<JsonObject> f : made) {
      tickets.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    tickets.sort((a, b) -> Long.compare(a.getLong("id"), b.getLong("id")));
    long anns = tickets.stream().filter(t -> Long.valueOf(ann).equals(assignee(t))).count();
    assertThat(anns).isEqualTo(20);
    for (int i = 1; i < tickets.size(); i++) {
      assertThat(assignee(tickets.get(i))).as("ticket %d", i).isNotEqualTo(assignee(tickets.get(i - 1)));
    }
  }

  @Test
  void leastOpenPicksTheAgentWithFewestOpenTickets() {
    JsonObject busy = Fixtures.ticketBody("Busy", "contact", contact.getLong("id")).put("assignee", ann);
    Fixtures.check(admin.post("/api/tickets", busy), 201);
    Fixtures.check(admin.post("/api/tickets", busy), 201);
    Fixtures.check(admin.post("/api/tickets", busy.copy().put("assignee", ben)), 201);
    putRules(rule("Quietest", true, new JsonObject(), new JsonObject().put("assign", "least_open")
        .put("among", new JsonArray().add(ann).add(ben))));

    assertThat(assignee(create(admin, "Next", "general", "medium"))).isEqualTo(ben);
    assertThat(assignee(create(admin, "Next again", "general", "medium"))).isIn(ann, ben);
  }

  @Test
  void rulesApplyToTicketsRequestersOpenInThePortal() {
    JsonObject rita = Fixtures.user(admin, "Rita", "requester");
    Api portal = Fixtures.login(app, rita);
    putRules(rule("Web to Cat", true, new JsonObject().put("channel", new JsonArray().add("web")),
        new JsonObject().put("assign", cat)));

    Api.Response r = portal.post("/api/tickets", new JsonObject().put("subject", "Help").put("description", "me"));

    Fixtures.check(r, 201);
    assertThat(admin.get("/api/tickets/" + r.json().getString("ref")).json().getJsonObject("assignee")
        .getLong("id")).isEqualTo(cat);
  }

  @Test
  void badRulesAreRefusedNamingTheField() {
    JsonArray bad = new JsonArray()
        .add(new JsonObject().put("active", true).put("when", new JsonObject()).put("then",
            new JsonObject().put("assign", ann)))
        .add(rule("Two", true, new JsonObject().put("category", new JsonArray().add("shoes")),
            new JsonObject().put("assign", "round_robin")))
        .add(rule("Three", true, new JsonObject(), new JsonObject().put("assign", 99999)
            .put("priority", "whenever")))
        .add(rule("Four", true, new JsonObject().put("colour", "red"), new JsonObject()));

    Api.Response r = admin.send("PUT", "/api/routing/rules", bad.encode(), "application/json");

    assertThat(r.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    r.json().getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).contains("[0].name", "[1].when.category[0]", "[1].then.among", "[2].then.priority",
        "[2].then.assign", "[3].when.colour", "[3].then");
    assertThat(admin.get("/api/routing/rules").array()).isEmpty();
  }

  @Test
  void textARuleCouldNotStoreAndTagsATicketCouldNotHaveAreRefused() {
    putRules(rule("Kept", true, new JsonObject(), new JsonObject().put("priority", "high")));
    JsonArray bad = new JsonArray()
        .add(rule("Nul\u0000name", true, new JsonObject(), new JsonObject().put("priority", "high")))
        .add(rule("Nul word", true, new JsonObject().put("subjectContains", new JsonArray().add("print\u0000er")),
            new JsonObject().put("priority", "high")))
        .add(rule("Odd tags", true, new JsonObject(), new JsonObject().put("addTags", new JsonArray()
            .add("vip\u0000").add("<b>x</b>").add("a,b"))))
        .add(rule("Half LONE emoji", true, new JsonObject(), new JsonObject().put("priority", "low")));

    // a lone surrogate as JSON escapes it: the client's own encoder would turn the character into "?"
    Api.Response r = admin.send("PUT", "/api/routing/rules", bad.encode().replace("LONE", "\\ud800"),
        "application/json");

    assertThat(r.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    r.json().getJsonArray("errors").forEach(e -> fields.add(((JsonObject) e).getString("field")));
    assertThat(fields).contains("[0].name", "[1].when.subjectContains[0]", "[2].then.addTags[0]",
        "[2].then.addTags[1]", "[2].then.addTags[2]", "[3].name");
    assertThat(admin.get("/api/routing/rules").array()).hasSize(1);
    assertThat(admin.get("/api/routing/rules").array().getJsonObject(0).getString("name")).isEqualTo("Kept");
  }

  @Test
  void onlyAdminsSeeOrChangeRules() {
    JsonObject agent = Fixtures.user(admin, "Dan", "agent");
    Api dan = Fixtures.login(app, agent);

    assertThat(dan.get("/api/routing/rules").status()).isEqualTo(403);
    assertThat(dan.send("PUT", "/api/routing/rules", "[]", "application/json").status()).isEqualTo(403);
  }

  @Test
  void previewShowsWhichRecentTicketsARuleWouldMatch() {
    create(admin, "Refund please", "billing", "medium");
    create(admin, "Printer", "technical", "medium");
    create(admin, "Refund again", "billing", "medium");
    putRules(rule("Refunds", true, new JsonObject().put("subjectContains", new JsonArray().add("again")),
        new JsonObject().put("addTags", new JsonArray().add("x"))));

    Api.Response r = admin.post("/api/routing/rules/preview", new JsonObject().put("position", 1).put("rule",
        rule("Billing", true, new JsonObject().put("category", new JsonArray().add("billing")),
            new JsonObject().put("assign", ann))));

    Fixtures.check(r, 200);
    assertThat(r.json().getInteger("checked")).isEqualTo(3);
    assertThat(r.json().getInteger("matched")).isEqualTo(2);
    JsonArray items = r.json().getJsonArray("items");
    assertThat(items.getJsonObject(0).getString("ref")).isEqualTo("TKT-003");
    assertThat(items.getJsonObject(0).getString("takenBy")).isEqualTo("Refunds");
    assertThat(items.getJsonObject(1).getValue("takenBy")).isNull();
    assertThat(admin.post("/api/routing/rules/preview", new JsonObject().put("rule", new JsonObject()))
        .status()).isEqualTo(400);
  }

  @Test
  void aFollowUpOfAClosedTicketIsRoutedLikeAnyNewTicket() {
    JsonObject rita = Fixtures.user(admin, "Rita", "requester");
    Api ritaApi = Fixtures.login(app, rita);
    Api.Response created = admin.post("/api/tickets", Fixtures.ticketBody("Printer", "user", rita.getLong("id"))
        .put("category", "technical"));
    Fixtures.check(created, 201);
    JsonObject closed = created.json();
    Fixtures.check(admin.patch("/api/tickets/" + closed.getString("ref"), new JsonObject()
        .put("version", closed.getInteger("version")).put("status", "closed")), 200);
    putRules(rule("Technical to Ben", true, new JsonObject().put("category", new JsonArray().add("technical")),
        new JsonObject().put("assign", ben).put("addTags", new JsonArray().add("again"))));

    Api.Response r = ritaApi.post("/api/tickets/" + closed.getString("ref") + "/messages",
        new JsonObject().put("type", "reply").put("body", "It broke again"));

    Fixtures.check(r, 201);
    long followUpId = r.json().getLong("ticketId");
    assertThat(followUpId).isNotEqualTo(closed.getLong("id"));
    JsonObject followUp = admin.get("/api/tickets/" + followUpId).json();
    assertThat(followUp.getString("followUpOf")).isEqualTo(closed.getString("ref"));
    assertThat(assignee(followUp)).isEqualTo(ben);
    assertThat(followUp.getJsonArray("tags").getList()).contains("again");
    assertThat(systemMessages(followUp.getString("ref"))).containsExactly(
        "Opened as a follow-up to " + closed.getString("ref") + ", which was closed.",
        "Routed by rule \u201cTechnical to Ben\u201d: assigned to Ben; tagged again.");
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE to_address = (SELECT email FROM users WHERE id = "
        + ben + ")")).as("the assignment mail").isEqualTo(1);
  }

  @Test
  void aLeaversTicketsCanBeHandedOnByTheRules() {
    // Cat leaves with three billing tickets and one general one; the rules share billing between Ann and Ben
    JsonObject[] billing = new JsonObject[3];
    for (int i = 0; i < billing.length; i++) {
      billing[i] = create(admin, "Invoice " + i, "billing", "medium");
    }
    JsonObject general = create(admin, "Hello", "general", "low");
    for (JsonObject t : List.of(billing[0], billing[1], billing[2], general)) {
      Fixtures.check(admin.patch("/api/tickets/" + t.getString("ref"),
          new JsonObject().put("assignee", cat).put("version", t.getInteger("version"))), 200);
    }
    putRules(rule("Billing shared", true, new JsonObject().put("category", new JsonArray().add("billing")),
        new JsonObject().put("assign", "round_robin").put("among", new JsonArray().add(ann).add(ben).add(cat))));
    Fixtures.check(admin.patch("/api/users/" + cat, new JsonObject().put("active", false)), 200);

    Api.Response moved = admin.post("/api/users/" + cat + "/reassign", new JsonObject().put("to", "routing"));

    Fixtures.check(moved, 200);
    assertThat(moved.json().getInteger("updated")).isEqualTo(4);
    List<Long> billingAgents = new ArrayList<>();
    for (JsonObject t : billing) {
      billingAgents.add(assignee(admin.get("/api/tickets/" + t.getString("ref")).json()));
    }
    // Cat is inactive, so the turns go to Ann and Ben only, one after the other
    assertThat(billingAgents).containsOnly(ann, ben);
    assertThat(billingAgents.get(0)).isNotEqualTo(billingAgents.get(1));
    assertThat(billingAgents.get(1)).isNotEqualTo(billingAgents.get(2));
    // no assigning rule matches the general ticket: it goes to nobody rather than staying with a leaver
    assertThat(assignee(admin.get("/api/tickets/" + general.getString("ref")).json())).isNull();
  }
}
