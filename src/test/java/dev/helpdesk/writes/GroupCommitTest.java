package dev.helpdesk.writes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketPatch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit: changes queued while a transaction is in flight share the next one, each
 * answered with its own outcome; a bad change fails alone; refs and events keep their order.
 * (That nothing answered is lost when the process is killed mid-batch is CrashRecoveryIT's
 * job: its load of creates, replies and updates from six workers is written in batches.)
 */
class GroupCommitTest {

  private final TestApp app = TestApp.get();
  private Api admin;
  private Caller caller;
  private long contact;
  private TicketWriter writer;

  @BeforeEach
  void reset() {
    app.reset();
    admin = app.admin();
    contact = Fixtures.contact(admin, "Batch").getLong("id");
    long adminId = app.queryLong("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1");
    caller = new Caller(adminId, Caller.Kind.USER, Role.ADMIN, "Admin", TestApp.ADMIN_EMAIL);
    writer = app.app().services().writer();
  }

  private NewTicket ticket(String subject, long requesterContact) {
    return new NewTicket(subject, "", Priority.MEDIUM, Category.GENERAL, Channel.EMAIL, requesterContact, null, null,
        List.of("batch"), null, null);
  }

  private static <T> Outcome<T> outcome(Future<T> f) throws Exception {
    try {
      return new Outcome<>(f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS), null);
    } catch (java.util.concurrent.ExecutionException e) {
      return new Outcome<>(null, e.getCause());
    }
  }

  private record Outcome<T>(T value, Throwable failure) {}

  @Test
  void aBatchWithBadChangesAnswersThemAloneAndCommitsTheOthers() throws Exception {
    Ticket existing = writer.create(caller, ticket("Existing", contact)).map(Rendered::value)
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    // a first change holds the writer busy; the ones queued behind it share the next transaction
    Future<Rendered<Ticket>> blocker = writer.create(caller, ticket("Blocker", contact));
    List<Future<Rendered<Ticket>>> creates = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      creates.add(writer.create(caller, ticket("Batch " + i, i == 3 || i == 7 ? 999_999 : contact)));
    }
    Future<Rendered<Ticket>> stale = writer.update(caller, existing.id(), new TicketPatch(existing.version() + 5,
        "Stale", null, null, null, null, null, null, null, false, null, null, false));
    Future<Rendered<Ticket>> good = writer.update(caller, existing.id(), new TicketPatch(existing.version(),
        "Renamed", null, null, Priority.HIGH, null, null, null, null, false, null, null, false));

    assertThat(outcome(blocker).failure()).isNull();
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Outcome<Rendered<Ticket>> o = outcome(creates.get(i));
      if (i == 3 || i == 7) {
        assertThat(o.failure()).as("unknown requester").isInstanceOf(DomainError.Invalid.class);
      } else {
        assertThat(o.failure()).as("create " + i).isNull();
        created.add(o.value().value().id());
      }
    }
    assertThat(outcome(stale).failure()).isInstanceOf(DomainError.Conflict.class);
    Outcome<Rendered<Ticket>> patched = outcome(good);
    assertThat(patched.failure()).isNull();
    assertThat(patched.value().value().version()).isEqualTo(existing.version() + 1);

    assertThat(created).hasSize(8).isSorted();
    String ids = created.toString().replace('[', '(').replace(']', ')');
    assertThat(app.queryLong("SELECT count(*) FROM tickets WHERE id IN " + ids)).isEqualTo(8);
    assertThat(app.queryLong("SELECT count(DISTINCT xmin::text) FROM tickets WHERE id IN " + ids))
        .as("the good creates were written by one transaction").isEqualTo(1);
    assertThat(app.queryString("SELECT subject FROM tickets WHERE id = " + existing.id())).isEqualTo("Renamed");
    assertThat(app.queryLong("SELECT count(*) FROM tickets")).as("nothing of the bad ones").isEqualTo(10);
    // the answer over HTTP: a bad requester is a 400 naming the field
    Api.Response bad = admin.post("/api/tickets", Fixtures.ticketBody("Bad", "contact", 999_999));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("requester");
  }

  @Test
  void refsFollowTheOrderOfArrivalAndEventsTheOrderOfCommit() throws Exception {
    List<Future<Rendered<Ticket>>> creates = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      creates.add(writer.create(caller, ticket("Ordered " + i, contact)));
    }
    List<Long> ids = new ArrayList<>();
    for (Future<Rendered<Ticket>> f : creates) {
      ids.add(outcome(f).value().value().id());
    }
    assertThat(ids).doesNotHaveDuplicates().isSorted();
    assertThat(ids.get(ids.size() - 1) - ids.get(0)).as("no gaps").isEqualTo(49);
    assertThat(app.queryLong("SELECT count(DISTINCT xmin::text) FROM tickets")).as("batched").isLessThan(50);
    // events: numbered at commit, in the order the changes were planned
    String order = app.queryString("SELECT string_agg(ticket_id::text, ',' ORDER BY id) FROM events"
        + " WHERE kind = 'ticket.created'");
    String expected = String.join(",", ids.stream().map(String::valueOf).toList());
    assertThat(order).isEqualTo(expected);
    assertThat(app.queryLong("SELECT count(*) FROM event_queue")).isZero();
  }

  @Test
  void aBatchTheDatabaseRefusesIsRetriedChangeByChange() throws Exception {
    WriteHook poison = new WriteHook() {
      @Override
      public Future<Void> planned(SqlClient tx, ChangeSet changes) {
        boolean bad = changes.created().stream().anyMatch(t -> t.subject().equals("Poison"));
        return bad ? Future.failedFuture(new IllegalStateException("refused")) : Future.succeededFuture();
      }
    };
    writer.addHook(poison);
    try {
      Future<Rendered<Ticket>> blocker = writer.create(caller, ticket("Blocker", contact));
      Future<Rendered<Ticket>> a = writer.create(caller, ticket("Fine A", contact));
      Future<Rendered<Ticket>> p = writer.create(caller, ticket("Poison", contact));
      Future<Rendered<Ticket>> b = writer.create(caller, ticket("Fine B", contact));
      assertThat(outcome(blocker).failure()).isNull();
      assertThat(outcome(a).failure()).isNull();
      assertThat(outcome(p).failure()).hasMessage("refused");
      assertThat(outcome(b).failure()).isNull();
    } finally {
      writer.removeHook(poison);
    }
    assertThat(app.queryString("SELECT string_agg(subject, ',' ORDER BY id) FROM tickets"))
        .isEqualTo("Blocker,Fine A,Fine B");
    assertThat(app.queryLong("SELECT count(*) FROM events WHERE kind = 'ticket.created'")).isEqualTo(3);
  }

  @Test
  void twoChangesOfOneTicketInOneBatchAreWrittenInTurn() throws Exception {
    JsonObject t = Fixtures.ticket(admin, "Twice", new JsonObject().put("id", contact));
    long id = t.getLong("id");
    int version = t.getInteger("version");
    Future<Rendered<Ticket>> blocker = writer.create(caller, ticket("Blocker", contact));
    Future<Rendered<Ticket>> first = writer.update(caller, id, new TicketPatch(version, "One", null, null, null,
        null, null, null, null, false, null, null, false));
    Future<Rendered<Ticket>> second = writer.update(caller, id, new TicketPatch(version + 1, "Two", null, null,
        Priority.URGENT, null, null, null, null, false, null, null, false));
    Future<Rendered<Ticket>> again = writer.update(caller, id, new TicketPatch(version, "Stale", null, null, null,
        null, null, null, null, false, null, null, false));
    assertThat(outcome(blocker).failure()).isNull();
    assertThat(outcome(first).value().value().version()).isEqualTo(version + 1);
    assertThat(outcome(second).value().value().version()).isEqualTo(version + 2);
    assertThat(outcome(again).failure()).isInstanceOf(DomainError.Conflict.class);
    JsonObject now = admin.get("/api/tickets/" + id).json();
    assertThat(now.getString("subject")).isEqualTo("Two");
    assertThat(now.getString("priority")).isEqualTo("urgent");
    assertThat(now.getInteger("version")).isEqualTo(version + 2);
    assertThat(app.queryLong("SELECT count(*) FROM ticket_changes WHERE ticket_id = " + id + " AND field = 'subject'"))
        .isEqualTo(2);
  }

  @Test
  void aCreateHookReadsInTheTransactionAddsNotesAndRefusesOneCreateAlone() throws Exception {
    WriteHook route = new WriteHook() {
      @Override
      public Future<Creating> creating(SqlClient tx, Caller who, Creating draft) {
        if (draft.ticket().subject().equals("Refuse")) {
          return Future.failedFuture(new DomainError.Unprocessable("no rule takes this"));
        }
        // a read inside the ticket's own transaction (a rule's counter row would be locked here)
        return tx.query("SELECT count(*) FROM tickets").execute().map(rows -> {
          NewTicket n = draft.ticket();
          NewTicket routed = new NewTicket(n.subject(), n.description(), Priority.HIGH, n.category(), n.channel(),
              n.requesterContactId(), n.requesterUserId(), n.assigneeId(), List.of("routed"), n.dueAt(),
              n.followUpOfId());
          return draft.with(routed, "Routed by the test hook.", null);
        });
      }
    };
    writer.addHook(route);
    List<Future<Rendered<Ticket>>> creates = new ArrayList<>();
    try {
      Future<Rendered<Ticket>> blocker = writer.create(caller, ticket("Blocker", contact));
      for (int i = 0; i < 6; i++) {
        creates.add(writer.create(caller, ticket(i == 2 ? "Refuse" : "Routed " + i, contact)));
      }
      assertThat(outcome(blocker).failure()).isNull();
      for (Future<Rendered<Ticket>> f : creates) {
        outcome(f);
      }
    } finally {
      writer.removeHook(route);
    }
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Outcome<Rendered<Ticket>> o = outcome(creates.get(i));
      if (i == 2) {
        assertThat(o.failure()).as("refused by the hook").isInstanceOf(DomainError.Unprocessable.class);
      } else {
        assertThat(o.failure()).as("create " + i).isNull();
        assertThat(o.value().value().priority()).isEqualTo(Priority.HIGH);
        assertThat(o.value().value().tags()).containsExactly("routed");
        created.add(o.value().value().id());
      }
    }
    String ids = created.toString().replace('[', '(').replace(']', ')');
    assertThat(app.queryLong("SELECT count(DISTINCT xmin::text) FROM tickets WHERE id IN " + ids))
        .as("the routed creates share one transaction").isEqualTo(1);
    assertThat(app.queryLong("SELECT count(*) FROM messages WHERE type = 'system' AND ticket_id IN " + ids
        + " AND body = 'Routed by the test hook.'")).isEqualTo(5);
    assertThat(app.queryLong("SELECT count(*) FROM tickets WHERE subject = 'Refuse'")).isZero();
  }

  @Test
  void aPlannedHookSeesEachSavedTicketWithItsRowBefore() throws Exception {
    JsonObject t = Fixtures.ticket(admin, "Moves", new JsonObject().put("id", contact));
    long id = t.getLong("id");
    int version = t.getInteger("version");
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    WriteHook watch = new WriteHook() {
      @Override
      public Future<Void> planned(SqlClient tx, ChangeSet changes) {
        changes.updates().forEach(u -> seen.add(u.before().status().wire() + ">" + u.after().status().wire()
            + (changes.solo() ? " solo" : "")));
        return Future.succeededFuture();
      }
    };
    writer.addHook(watch);
    try {
      Future<Rendered<Ticket>> blocker = writer.create(caller, ticket("Blocker", contact));
      Future<Rendered<Ticket>> pending = writer.update(caller, id, new TicketPatch(version, null, null,
          dev.helpdesk.ticket.Status.PENDING, null, null, null, null, null, false, null, null, false));
      Future<Rendered<Ticket>> resolved = writer.update(caller, id, new TicketPatch(version + 1, null, null,
          dev.helpdesk.ticket.Status.RESOLVED, null, null, null, null, null, false, null, null, false));
      assertThat(outcome(blocker).failure()).isNull();
      assertThat(outcome(pending).failure()).isNull();
      assertThat(outcome(resolved).failure()).isNull();
    } finally {
      writer.removeHook(watch);
    }
    assertThat(seen).containsExactly("open>pending", "pending>resolved");
  }
}
