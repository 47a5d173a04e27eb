package dev.helpdesk.live;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fan-out at scale, as far as a test can see it: each event is encoded once per audience
 * however many sockets get it, the service's own share is measured in /metrics, and a
 * {@link Disconnect} closes exactly the sockets it names.
 */
class LiveFanoutTest {

  private static final TestApp app = TestApp.get();

  @BeforeEach
  void emptyDesk() {
    app.reset();
  }

  @Test
  void aChangeIsEncodedOncePerAudienceAndWrittenOncePerSocketAndTimedInMetrics() {
    Api admin = app.admin();
    JsonObject alice = Fixtures.user(admin, "Alice Reed", "requester");
    JsonObject ticket = ticketFor(admin, "Printer on fire", alice);
    String topic = "ticket:" + ticket.getString("ref");
    List<LiveClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        clients.add(LiveClient.connect(app, admin).subscribe("tickets"));
      }
      clients.add(LiveClient.connect(app, admin).subscribe(topic));
      clients.add(LiveClient.connect(app, Fixtures.login(app, alice)).subscribe("tickets"));
      // resumed: no resume window holds the change below, it goes straight out
      long lastId = app.queryLong("SELECT coalesce(max(id), 0) FROM events");
      clients.forEach(c -> c.resume(lastId));
      Metrics before = Metrics.scrape(admin);

      rename(admin, ticket, "Printer still on fire");
      for (LiveClient c : clients) {
        c.nextEvent("ticket.updated", d -> "Printer still on fire".equals(d.getString("subject")));
      }

      Metrics after = Metrics.scrape(admin);
      // one event: its ticket's frame and the list's frame, encoded once each, for six sockets
      assertThat(after.encoded - before.encoded).isEqualTo(2);
      assertThat(after.written - before.written).isEqualTo(6);
      assertThat(after.fanouts - before.fanouts).isEqualTo(1);
      assertThat(app.admin().get("/metrics").body()).contains("helpdesk_live_loop_delay_seconds_count");
      assertThat(after.hubs).as("a hub (and a sockets gauge) per event loop")
          .isGreaterThanOrEqualTo(Math.min(2, Runtime.getRuntime().availableProcessors()));
    } finally {
      clients.forEach(LiveClient::close);
    }
  }

  @Test
  void aDisconnectClosesEverySocketOfThatPersonWithItsCodeAndNoOther() {
    Api admin = app.admin();
    JsonObject carl = Fixtures.user(admin, "Carl Agent", "agent");
    Api carlApi = Fixtures.login(app, carl);
    try (LiveClient first = LiveClient.connect(app, carlApi).subscribe("tickets");
         LiveClient second = LiveClient.connect(app, carlApi).subscribe("tickets");
         LiveClient bystander = LiveClient.connect(app, admin).subscribe("tickets")) {
      int closed = app.app().services().live().disconnect(Disconnect.user(carl.getLong("id"),
          Disconnect.UNAUTHORIZED, "signed out")).toCompletionStage().toCompletableFuture().join();

      assertThat(closed).isEqualTo(2);
      assertThat(first.awaitClose()).isEqualTo(4401);
      assertThat(second.awaitClose()).isEqualTo(4401);
      bystander.send(LiveTesting.frame("ping"));
      assertThat(bystander.next(f -> "pong".equals(f.getString("type")))).isNotNull();
      assertThat(bystander.isOpen()).isTrue();
    }
  }

  /** The live feed's lines of /metrics. */
  record Metrics(double encoded, double written, double fanouts, int hubs) {

    static Metrics scrape(Api api) {
      double encoded = 0;
      double written = 0;
      double fanouts = 0;
      int hubs = 0;
      for (String line : api.get("/metrics").body().split("\n")) {
        if (line.startsWith("helpdesk_live_frames_encoded_total")) {
          encoded = value(line);
        } else if (line.startsWith("helpdesk_live_frames_written_total")) {
          written = value(line);
        } else if (line.startsWith("helpdesk_live_fanout_seconds_count")) {
          fanouts = value(line);
        } else if (line.startsWith("helpdesk_live_sockets{")) {
          hubs++;
        }
      }
      return new Metrics(encoded, written, fanouts, hubs);
    }

    private static double value(String line) {
      return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
  }
}
