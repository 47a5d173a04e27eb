package dev.helpdesk.live;

import static dev.helpdesk.live.LiveTesting.frame;
import static dev.helpdesk.live.LiveTesting.noteEvent;
import static dev.helpdesk.live.LiveTesting.rename;
import static dev.helpdesk.live.LiveTesting.ticketFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /api/live across two instances on one database: delivery, authorization, resume. */
class LiveFeedTest {

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();

  @BeforeEach
  void emptyDesk() {
    app.reset();
  }

  @Test
  void aChangeMadeOnOneInstanceReachesASubscriberOfTheOther() {
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Ada Lane");
    try (LiveClient agent = LiveClient.connect(other, admin)) {
      agent.subscribe("tickets");

      JsonObject created = Fixtures.ticket(admin, "Printer on floor 3 jams", contact);

      JsonObject event = agent.nextEvent("ticket.created", d -> created.getString("ref").equals(d.getString("ref")));
      assertThat(event.getString("topic")).isEqualTo("tickets");
      assertThat(event.getLong("id")).isPositive();
      assertThat(event.getJsonObject("data").getString("subject")).isEqualTo("Printer on floor 3 jams");
      assertThat(event.getJsonObject("data").getJsonObject("sla").getString("state")).isEqualTo("ok");
    }
  }

  @Test
  void aTicketTopicCarriesTheTicketAndItsThread() {
    Api admin = app.admin();
    JsonObject ticket = Fixtures.ticket(admin, "Refund for order 7781", Fixtures.contact(admin, "Ben Ode"));
    try (LiveClient agent = LiveClient.connect(other, admin)) {
      agent.subscribe("ticket:" + ticket.getString("ref").replace("TKT-00", "tkt-"));

      admin.patch("/api/tickets/" + ticket.getString("ref"), new JsonObject().put("status", "pending").put("version", 1));

      JsonObject updated = agent.nextEvent("ticket.updated", d -> "pending".equals(d.getString("status")));
      assertThat(updated.getString("topic")).isEqualTo("ticket:" + ticket.getString("ref"));
      JsonObject message = agent.nextEvent("message.created", d -> true);
      assertThat(message.getJsonObject("data").getString("ticketRef")).isEqualTo(ticket.getString("ref"));
      assertThat(message.getJsonObject("data").getJsonObject("message").getString("body")).contains("Pending");
    }
  }

  @Test
  void aRequesterNeverReceivesAnotherRequestersEventsNorAnyNoteEvenWhenAskingForThem() {
    Api admin = app.admin();
    JsonObject alice = Fixtures.user(admin, "Alice Reed", "requester");
    JsonObject bob = Fixtures.user(admin, "Bob Stone", "requester");
    JsonObject bobs = ticketFor(admin, "Bob's laptop will not boot", bob);
    JsonObject alices = ticketFor(admin, "Alice's screen flickers", alice);
    noteEvent(app, alices, "secret about Alice");
    noteEvent(app, bobs, "secret about Bob");
    rename(admin, bobs, "Bob's laptop will not boot at all");
    String aliceRef = alices.getString("ref");

    try (LiveClient socket = LiveClient.connect(other, Fixtures.login(app, alice))) {
      socket.subscribe("tickets");
      socket.subscribe("ticket:" + aliceRef);
      socket.send(frame("subscribe").put("topic", "ticket:" + bobs.getString("ref")));
      socket.next(f -> "error".equals(f.getString("type")) && f.getString("detail").contains(bobs.getString("ref")));
      socket.send(frame("subscribe").put("topic", "wallboard"));
      socket.next(f -> "error".equals(f.getString("type")) && f.getString("detail").contains("wallboard"));
      socket.send(frame("presence").put("ticket", aliceRef).put("state", "typing"));
      socket.next(f -> "error".equals(f.getString("type")) && f.getString("detail").contains("staff"));
      assertThat(socket.resume(0).getString("type")).isEqualTo("resumed");

      ticketFor(admin, "Bob again", bob);
      noteEvent(app, alices, "another secret about Alice");
      noteEvent(app, bobs, "another secret about Bob");
      rename(admin, bobs, "Bob's laptop is fixed");
      rename(admin, alices, "Alice's screen is fixed");
      socket.nextEvent("ticket.updated", d -> "Alice's screen is fixed".equals(d.getString("subject")));

      List<JsonObject> events = socket.events();
      assertThat(events).isNotEmpty().allSatisfy(e -> {
        JsonObject data = e.getJsonObject("data");
        assertThat(data.getString("ref", data.getString("ticketRef"))).isEqualTo(aliceRef);
        assertThat(e.encode()).doesNotContain("secret").doesNotContain("\"note\"");
      });
      assertThat(events).extracting(e -> e.getString("kind")).contains("ticket.created", "ticket.updated");
    }
  }

  @Test
  void aRequesterAskingForAnotherRequestersTicketGetsTheErrorAloneNeverSubscribedFirst() {
    Api admin = app.admin();
    JsonObject alice = Fixtures.user(admin, "Alice Reed", "requester");
    JsonObject bob = Fixtures.user(admin, "Bob Stone", "requester");
    String bobsRef = ticketFor(admin, "Bob's laptop will not boot", bob).getString("ref");
    String alicesRef = ticketFor(admin, "Alice's screen flickers", alice).getString("ref");

    try (LiveClient socket = LiveClient.connect(app, Fixtures.login(app, alice))) {
      socket.send(frame("subscribe").put("topic", "ticket:" + bobsRef));
      socket.next(f -> "error".equals(f.getString("type")) && f.getString("detail").contains(bobsRef));
      socket.subscribe("ticket:" + alicesRef); // answered after the error: everything about Bob's topic is in

      assertThat(socket.seen()).noneMatch(f -> "subscribed".equals(f.getString("type"))
          && String.valueOf(f.getString("topic")).contains(bobsRef));
      assertThat(socket.seen()).anyMatch(f -> "subscribed".equals(f.getString("type"))
          && String.valueOf(f.getString("topic")).contains(alicesRef));
    }
  }

  @Test
  void resumingAfterADroppedConnectionMissesNothingAndDuplicatesNothing() throws Exception {
    Api admin = app.admin();
    Api adminOther = new Api(other.baseUrl(), admin.token());
    JsonObject contact = Fixtures.contact(admin, "Cy Vance");
    List<JsonObject> received = new ArrayList<>();
    long start;
    try (LiveClient first = LiveClient.connect(app, admin)) {
      start = first.seen().get(0).getLong("lastEventId");
      first.subscribe("tickets");
      first.resume(start);
      for (int i = 1; i <= 3; i++) {
        Fixtures.ticket(admin, "Before the drop " + i, contact);
      }
      first.nextEvent("ticket.created", d -> "Before the drop 3".equals(d.getString("subject")));
      received.addAll(first.events());
      first.drop();
    }
    for (int i = 1; i <= 3; i++) {
      Fixtures.ticket(i % 2 == 0 ? admin : adminOther, "While away " + i, contact);
    }
    long lastSeen = received.get(received.size() - 1).getLong("id");

    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int i = 1; i <= 20; i++) {
        Fixtures.ticket(i % 2 == 0 ? admin : adminOther, "During the resume " + i, contact);
      }
    });
    try (LiveClient again = LiveClient.connect(other, admin)) {
      again.subscribe("tickets");
      again.resume(lastSeen);
      writer.get(30, TimeUnit.SECONDS);
      Fixtures.ticket(admin, "The last one", contact);
      again.nextEvent("ticket.created", d -> "The last one".equals(d.getString("subject")));
      received.addAll(again.events());
    }

    List<Long> expected = eventIdsAfter(start);
    assertThat(received).extracting(e -> e.getLong("id")).containsExactlyElementsOf(expected);
    assertThat(expected).hasSize(3 + 3 + 20 + 1);
  }

  @Test
  void badFramesGetAnErrorFrameAndTheSocketStaysOpen() {
    Api admin = app.admin();
    List<String> bad = List.of("not json", "[1, 2]", "{}", "{\"type\": \"dance\"}", "{\"type\": \"subscribe\"}",
        "{\"type\": \"subscribe\", \"topic\": \"everything\"}", "{\"type\": \"resume\", \"after\": -1}",
        "{\"type\": \"resume\", \"after\": \"yesterday\"}",
        "{\"type\": \"presence\", \"ticket\": \"nope\", \"state\": \"viewing\"}",
        "{\"type\": \"presence\", \"ticket\": \"TKT-001\", \"state\": \"dancing\"}",
        "{\"type\": \"subscribe\", \"topic\": \"" + "x".repeat(20_000) + "\"}");
    try (LiveClient socket = LiveClient.connect(other, admin)) {
      for (String text : bad) {
        socket.sendText(text);
        JsonObject error = socket.next(f -> "error".equals(f.getString("type")));
        assertThat(error.getString("detail")).as(text).isNotBlank();
      }
      socket.subscribe("tickets");
      Fixtures.ticket(admin, "Still listening", Fixtures.contact(admin, "Di Ray"));
      socket.nextEvent("ticket.created", d -> "Still listening".equals(d.getString("subject")));
      assertThat(socket.isOpen()).isTrue();
    }
  }

  @Test
  void aSocketFollowsAtMostAHundredTopics() {
    try (LiveClient socket = LiveClient.connect(app, app.admin())) {
      for (int i = 1; i <= 100; i++) {
        socket.subscribe("ticket:TKT-" + i);
      }
      socket.send(frame("subscribe").put("topic", "ticket:TKT-101"));
      assertThat(socket.next(f -> "error".equals(f.getString("type"))).getString("detail")).contains("100");
    }
  }

  @Test
  void aBadTokenClosesTheSocketWithACodeThatSaysSo() {
    try (LiveClient socket = LiveClient.connect(app.baseUrl(), "not-a-token")) {
      assertThat(socket.seen().get(0).getString("type")).isEqualTo("error");
      assertThat(socket.awaitClose()).isEqualTo(4401);
    }
  }

  private static List<Long> eventIdsAfter(long id) {
    List<Long> ids = new ArrayList<>();
    try (var c = java.sql.DriverManager.getConnection(app.jdbcUrl());
         var s = c.prepareStatement("SELECT id FROM events WHERE id > ? AND kind LIKE 'ticket.%' ORDER BY id")) {
      s.setLong(1, id);
      try (var rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }
}
