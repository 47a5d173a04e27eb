package dev.helpdesk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.LiveClient;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** /health reads live, ready and draining apart; /metrics carries the service's own readings. */
class OpsEndpointsTest {

  private static final TestApp app = TestApp.get();

  @Test
  void healthSaysLiveReadyAndNotDraining() {
    Api anonymous = app.anonymous();
    for (String path : new String[] {"/health", "/health/ready"}) {
      Api.Response r = anonymous.get(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      JsonObject body = r.json();
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(body.getBoolean("live")).isTrue();
      assertThat(body.getBoolean("ready")).isTrue();
      assertThat(body.getBoolean("draining")).isFalse();
      assertThat(body.getJsonArray("checks").getJsonObject(0).getString("status")).isEqualTo("UP");
    }
    JsonObject live = anonymous.get("/health/live").json();
    assertThat(live.getBoolean("live")).isTrue();
    assertThat(live.getBoolean("draining")).isFalse();
  }

  @Test
  void metricsShowLatencyPerRouteOutboxFeedLagSocketsAndPollers() {
    Api admin = app.admin();
    assertThat(admin.get("/api/tickets?limit=1").status()).isEqualTo(200);
    app.app().services().ops().observability().poller("test-poller").failed();
    try (LiveClient live = LiveClient.connect(app, admin)) {
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        String metrics = app.anonymous().get("/metrics").body();
        assertThat(metrics)
            .contains("vertx_http_server_response_time_seconds_count{code=\"200\",method=\"GET\",route=\"/api/>/tickets\"}")
            .contains("helpdesk_outbox_pending ")
            .contains("helpdesk_outbox_oldest_age_seconds ")
            .contains("helpdesk_event_feed_lag_events ")
            .contains("helpdesk_event_feed_lag_seconds ")
            .contains("helpdesk_poll_consecutive_failures{poller=\"test-poller\"} 1.0")
            .contains("helpdesk_poll_rounds_total{outcome=\"failed\",poller=\"test-poller\"} 1.0")
            .containsPattern("helpdesk_live_sockets_by_kind\\{kind=\"staff\"} [1-9]");
      });
    }
  }
}
