package dev.helpdesk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Paging with the cursor, in every sort, while tickets are being created: nothing skipped, nothing twice. */
class KeysetPagingTest {

  private static final int TICKETS = 90;
  private static final int PAGE = 7;

  private final TestApp app = TestApp.get();

  @ParameterizedTest(name = "sort {0}")
  @ValueSource(strings = {"created", "-created", "updated", "-updated", "priority", "due", "sla"})
  void pagingWhileTicketsAreCreatedSkipsNothingAndRepeatsNothing(String sort) throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Pager");
    List<RandomDesk.Row> rows = RandomDesk.insert(app.jdbcUrl(), new Random(sort.hashCode()), TICKETS,
        List.of(contact.getLong("id")), List.of(contact.getString("email")),
        List.of(admin.get("/api/me").json().getLong("id")), Instant.now());
    List<Long> before = all(admin, sort);
    assertThat(before).hasSize(TICKETS);

    ExecutorService writer = Executors.newSingleThreadExecutor();
    AtomicBoolean paging = new AtomicBoolean(true);
    Future<Integer> created = writer.submit(() -> {
      int n = 0;
      while (paging.get() && n < 60) {
        Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Created while paging " + n, "contact",
            contact.getLong("id")).put("priority", n % 2 == 0 ? "urgent" : "low")), 201);
        n++;
      }
      return n;
    });
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = admin.get("/api/tickets?sort=" + sort + "&limit=" + PAGE
          + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.getJsonArray("items").forEach(t -> seen.add(((JsonObject) t).getLong("id")));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    paging.set(false);
    assertThat(created.get()).isPositive();
    writer.shutdown();

    assertThat(seen).doesNotHaveDuplicates();
    assertThat(seen).containsAll(before);
    List<Long> seenOfBefore = seen.stream().filter(new HashSet<>(before)::contains).toList();
    assertThat(seenOfBefore).as("the tickets there from the start keep their order").isEqualTo(before);
    assertThat(rows).hasSize(TICKETS);
  }

  @Test
  void aCursorOfAnotherSortOrADamagedOneIsRefused() {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Cursor");
    for (int i = 0; i < 3; i++) {
      Fixtures.ticket(admin, "Cursor " + i, contact);
    }
    String cursor = admin.get("/api/tickets?limit=1&sort=created").json().getString("nextCursor");
    Api.Response other = admin.get("/api/tickets?limit=1&sort=priority&cursor=" + cursor);
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("cursor");
    assertThat(admin.get("/api/tickets?cursor=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
  }

  @Test
  void prioritySortPutsUrgentFirstAndDueSortPutsTicketsWithoutDueDateLast() {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Order");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("low", "contact", contact.getLong("id"))
        .put("priority", "low").put("dueAt", "2026-01-02T00:00:00Z")), 201);
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("urgent", "contact", contact.getLong("id"))
        .put("priority", "urgent")), 201);
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("high", "contact", contact.getLong("id"))
        .put("priority", "high").put("dueAt", "2026-01-01T00:00:00Z")), 201);
    assertThat(subjects(admin.get("/api/tickets?sort=priority").json())).containsExactly("urgent", "high", "low");
    assertThat(subjects(admin.get("/api/tickets?sort=due").json())).containsExactly("high", "low", "urgent");
  }

  private static List<String> subjects(JsonObject page) {
    return page.getJsonArray("items").stream().map(t -> ((JsonObject) t).getString("subject")).toList();
  }

  private static List<Long> all(Api admin, String sort) {
    List<Long> ids = new ArrayList<>();
    admin.get("/api/tickets?limit=200&sort=" + sort).json().getJsonArray("items")
        .forEach(t -> ids.add(((JsonObject) t).getLong("id")));
    Set<Long> unique = new HashSet<>(ids);
    assertThat(unique).hasSameSizeAs(ids);
    return ids;
  }
}
