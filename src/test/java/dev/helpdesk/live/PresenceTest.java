package dev.helpdesk.live;

import static dev.helpdesk.live.LiveTesting.frame;
import static dev.helpdesk.live.LiveTesting.ticketFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who is viewing or typing on a ticket, shared across instances, ended when a socket goes. */
class PresenceTest {

  private static final TestApp app = TestApp.get();
  private static final TestApp other = TestApp.second();

  @BeforeEach
  void emptyDesk() {
    app.reset();
  }

  @Test
  void presenceCrossesInstancesAndEndsWhenTheSocketCloses() {
    Api admin = app.admin();
    Api carl = Fixtures.login(app, Fixtures.user(admin, "Carl Agent", "agent"));
    JsonObject alice = Fixtures.user(admin, "Alice Reed", "requester");
    String ref = ticketFor(admin, "Screen flickers", alice).getString("ref");
    String topic = "ticket:" + ref;

    try (LiveClient watcher = LiveClient.connect(app, admin).subscribe(topic);
         LiveClient requester = LiveClient.connect(app, Fixtures.login(app, alice)).subscribe(topic)) {
      LiveClient typist = LiveClient.connect(other, carl).subscribe(topic);
      typist.send(frame("presence").put("ticket", ref).put("state", "viewing"));
      watcher.next(presence(ref, users -> users.size() == 1
          && "Carl Agent".equals(users.getJsonObject(0).getString("name"))
          && "viewing".equals(users.getJsonObject(0).getString("state"))));

      typist.send(frame("presence").put("ticket", ref).put("state", "typing"));
      watcher.next(presence(ref, users -> users.size() == 1
          && "typing".equals(users.getJsonObject(0).getString("state"))));
      JsonObject seenByRequester = requester.next(presence(ref, users -> !users.isEmpty()));
      assertThat(seenByRequester.getJsonArray("users").getJsonObject(0).getMap())
          .containsOnlyKeys("name", "state")
          .containsEntry("name", "Carl Agent")
          .containsEntry("state", "typing");

      typist.close();
      watcher.next(presence(ref, JsonArray::isEmpty));
      requester.next(presence(ref, JsonArray::isEmpty));
    }
  }

  @Test
  void aRequesterSeesOnlyThatSomeoneTypesNotWhoIsViewing() {
    Api admin = app.admin();
    JsonObject alice = Fixtures.user(admin, "Alice Reed", "requester");
    String ref = ticketFor(admin, "Printer jams", alice).getString("ref");

    try (LiveClient requester = LiveClient.connect(other, Fixtures.login(app, alice)).subscribe("ticket:" + ref);
         LiveClient agent = LiveClient.connect(app, admin).subscribe("ticket:" + ref)) {
      agent.send(frame("presence").put("ticket", ref).put("state", "viewing"));
      agent.next(presence(ref, users -> users.size() == 1));
      agent.send(frame("presence").put("ticket", ref).put("state", "typing"));
      requester.next(presence(ref, users -> users.size() == 1));

      assertThat(requester.seen()).filteredOn(f -> "presence".equals(f.getString("type")))
          .allSatisfy(f -> assertThat(f.encode()).doesNotContain("viewing"));
    }
  }

  @Test
  void aNewFollowerOfATicketIsToldWhoIsAlreadyThere() {
    Api admin = app.admin();
    String ref = Fixtures.ticket(admin, "Wi-Fi is slow", Fixtures.contact(admin, "Yan Ode")).getString("ref");
    try (LiveClient first = LiveClient.connect(other, admin)) {
      first.send(frame("presence").put("ticket", ref).put("state", "viewing"));
      try (LiveClient later = LiveClient.connect(app, admin)) {
        later.subscribe("ticket:" + ref);
        later.next(presence(ref, users -> users.size() == 1));
      }
    }
  }

  private static Predicate<JsonObject> presence(String ref, Predicate<JsonArray> users) {
    return f -> "presence".equals(f.getString("type")) && ref.equals(f.getString("ticket"))
        && users.test(f.getJsonArray("users"));
  }
}
