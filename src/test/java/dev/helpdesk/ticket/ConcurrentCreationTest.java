package dev.helpdesk.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Refs stay unique and gap-free in creation order, and event ids in commit order, under concurrent creation. */
class ConcurrentCreationTest {

  private static final int TICKETS = 60;

  private final TestApp app = TestApp.get();

  @Test
  void concurrentCreatesGetUniqueConsecutiveRefs() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Many");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Api.Response>> results = new ArrayList<>();
    for (int i = 0; i < TICKETS; i++) {
      int n = i;
      results.add(pool.submit(() -> admin.post("/api/tickets",
          Fixtures.ticketBody("Concurrent " + n, "contact", contact.getLong("id")))));
    }
    List<String> refs = new ArrayList<>();
    for (Future<Api.Response> f : results) {
      Api.Response r = f.get();
      assertThat(r.status()).isEqualTo(201);
      refs.add(r.json().getString("ref"));
    }
    pool.shutdown();

    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= TICKETS; i++) {
      expected.add(Ticket.refOf(i));
    }
    assertThat(refs).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(app.queryLong("SELECT count(DISTINCT payload->>'ref') FROM events WHERE kind = 'ticket.created'"))
        .isEqualTo(TICKETS);
  }
}
