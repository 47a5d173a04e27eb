package dev.helpdesk.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.conversation.NewMessage;
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
import dev.helpdesk.writes.TicketWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications under group commit: the hook decides for a whole batch at once, and a change
 * the batch refuses notifies nobody, while the others of its transaction do.
 */
class NotificationsInBatchTest {

  private final TestApp app = TestApp.get();
  private TicketWriter writer;
  private Caller admin;
  private long contact;
  private long alice;
  private long bob;
  private String bobEmail;

  @BeforeEach
  void setUp() {
    app.reset();
    Api api = app.admin();
    contact = Fixtures.contact(api, "Lea Müller").getLong("id");
    alice = Fixtures.user(api, "Alice", "agent").getLong("id");
    JsonObject b = Fixtures.user(api, "Bob", "agent");
    bob = b.getLong("id");
    bobEmail = b.getString("email");
    long adminId = app.queryLong("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1");
    admin = new Caller(adminId, Caller.Kind.USER, Role.ADMIN, "Admin", TestApp.ADMIN_EMAIL);
    writer = app.app().services().writer();
  }

  private NewTicket ticket(String subject, long requester, Long assignee) {
    return new NewTicket(subject, "", Priority.MEDIUM, Category.GENERAL, Channel.EMAIL, requester, null, assignee,
        List.of(), null, null);
  }

  private static TicketPatch assign(Ticket t, int version, long to) {
    return new TicketPatch(version, null, null, null, null, null, null, null, to, false, null, null, false);
  }

  private static <T> Throwable failure(Future<T> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static <T> T value(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aBatchNotifiesForTheChangesItCommitsOnly() throws Exception {
    Ticket one = value(writer.create(admin, ticket("One", contact, null))).value();
    Ticket two = value(writer.create(admin, ticket("Two", contact, null))).value();
    long mailsBefore = app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + bobEmail + "'");
    // a first change holds the writer busy; the ones queued behind it share the next transaction
    Future<Rendered<Ticket>> blocker = writer.create(admin, ticket("Blocker", contact, null));
    Future<Rendered<Ticket>> created = writer.create(admin, ticket("Three", contact, alice));
    Future<Rendered<Ticket>> badRequester = writer.create(admin, ticket("Bad", 999_999, bob));
    Future<Rendered<Ticket>> toBob = writer.update(admin, one.id(), assign(one, one.version(), bob));
    Future<Rendered<Ticket>> stale = writer.update(admin, two.id(), assign(two, two.version() + 3, bob));
    Future<Rendered<Ticket>> toAlice = writer.update(admin, two.id(), assign(two, two.version(), alice));

    assertThat(failure(blocker)).isNull();
    long three = value(created).value().id();
    assertThat(failure(badRequester)).isInstanceOf(DomainError.Invalid.class);
    assertThat(failure(toBob)).isNull();
    assertThat(failure(stale)).isInstanceOf(DomainError.Conflict.class);
    assertThat(failure(toAlice)).isNull();

    assertThat(app.queryString("SELECT string_agg(t.subject, ',' ORDER BY t.subject) FROM notifications n"
        + " JOIN tickets t ON t.id = n.ticket_id WHERE n.recipient_id = " + alice)).isEqualTo("Three,Two");
    assertThat(app.queryString("SELECT string_agg(t.subject, ',' ORDER BY t.subject) FROM notifications n"
        + " JOIN tickets t ON t.id = n.ticket_id WHERE n.recipient_id = " + bob)).isEqualTo("One");
    assertThat(app.queryLong("SELECT count(DISTINCT xmin::text) FROM notifications"))
        .as("written with the batch, in its one transaction").isEqualTo(1);
    assertThat(app.queryString("SELECT min(xmin::text) FROM notifications"))
        .isEqualTo(app.queryString("SELECT xmin::text FROM tickets WHERE id = " + three));
    assertThat(app.queryLong("SELECT count(*) FROM events WHERE kind = 'notification.created'")).isEqualTo(3);
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + bobEmail + "'"))
        .as("bob's assignment mail, not the refused ones'").isEqualTo(mailsBefore + 1);
  }

  @Test
  void aStaffMailTurnedOffIsHeldBackInTheBatchAndTheOthersGo() throws Exception {
    app.execute("INSERT INTO notification_preferences (user_id, mail) VALUES (" + bob
        + ", '{\"assigned\": false}')");
    long before = app.queryLong("SELECT count(*) FROM outbox");
    Future<Rendered<Ticket>> blocker = writer.create(admin, ticket("Blocker", contact, null));
    Future<Rendered<Ticket>> toBob = writer.create(admin, ticket("For Bob", contact, bob));
    Future<Rendered<Ticket>> toAlice = writer.create(admin, ticket("For Alice", contact, alice));
    assertThat(failure(blocker)).isNull();
    assertThat(failure(toBob)).isNull();
    assertThat(failure(toAlice)).isNull();
    // three receipts to the requester, one assignment mail (Alice's); Bob still gets it in the app
    assertThat(app.queryLong("SELECT count(*) FROM outbox")).isEqualTo(before + 4);
    assertThat(app.queryLong("SELECT count(*) FROM outbox WHERE to_address = '" + bobEmail + "'")).isZero();
    assertThat(app.queryLong("SELECT count(*) FROM notifications WHERE recipient_id = " + bob)).isEqualTo(1);
  }

  private static NewMessage note(String body) {
    return new NewMessage(MessageType.NOTE, body, List.of());
  }

  @Test
  void theNotesOfABatchNameTheirOwnPeopleEach() throws Exception {
    Ticket one = value(writer.create(admin, ticket("One", contact, null))).value();
    String aliceEmail = app.queryString("SELECT email FROM users WHERE id = " + alice);
    String aliceHandle = aliceEmail.split("@")[0];
    Future<Rendered<Ticket>> blocker = writer.create(admin, ticket("Blocker", contact, null));
    Future<Rendered<Message>> toAlice = writer.post(admin, one.id(), note("@" + aliceHandle + " please look"));
    Future<Rendered<Message>> toBoth = writer.post(admin, one.id(), note("cc @" + bobEmail.toUpperCase()
        + " and @" + aliceHandle + " and @nobody"));
    Future<Rendered<Message>> none = writer.post(admin, one.id(), note("no one named; mail x@" + aliceEmail));
    Future<Rendered<Message>> toBob = writer.post(admin, one.id(), note("@" + bobEmail));
    assertThat(failure(blocker)).isNull();
    long aliceNote = value(toAlice).value().id();
    long bothNote = value(toBoth).value().id();
    value(none);
    long bobNote = value(toBob).value().id();
    assertThat(app.queryLong("SELECT count(DISTINCT xmin::text) FROM messages WHERE id IN (" + aliceNote + ", "
        + bothNote + ", " + bobNote + ")")).as("the notes shared one transaction").isEqualTo(1);
    assertThat(app.queryString("SELECT string_agg(recipient_id || ':' || kind, ',' ORDER BY id) FROM notifications"))
        .isEqualTo(alice + ":mentioned," + alice + ":mentioned," + bob + ":mentioned," + bob + ":mentioned");
  }

  @Test
  void aNotificationCarriesTheTimeOfItsChange() throws Exception {
    Ticket one = value(writer.create(admin, ticket("One", contact, null))).value();
    Ticket assigned = value(writer.update(admin, one.id(), assign(one, one.version(), bob))).value();
    String bobHandle = bobEmail.split("@")[0];
    Message noted = value(writer.post(admin, one.id(), note("@" + bobHandle))).value();
    java.time.Instant at = assigned.updatedAt();
    assertThat(app.queryLong("SELECT (extract(epoch FROM created_at) * 1000000)::bigint FROM notifications"
        + " WHERE kind = 'assigned'")).as("the assignment's own time")
        .isEqualTo(at.getEpochSecond() * 1_000_000 + at.getNano() / 1000);
    assertThat(app.queryString("SELECT created_at::text FROM notifications WHERE kind = 'mentioned'"))
        .isEqualTo(app.queryString("SELECT created_at::text FROM messages WHERE id = " + noted.id()));
    JsonObject item = new JsonObject(app.queryString("SELECT payload::text FROM events"
        + " WHERE kind = 'notification.created' ORDER BY id DESC LIMIT 1"));
    assertThat(java.time.Instant.parse(item.getString("createdAt"))).isEqualTo(noted.createdAt());
  }

  @Test
  void aNotificationIsNumberedBeforeTheTicketEventsOfItsTransaction() throws Exception {
    Ticket one = value(writer.create(admin, ticket("One", contact, null))).value();
    Ticket two = value(writer.create(admin, ticket("Two", contact, null))).value();
    long before = app.queryLong("SELECT max(id) FROM events");
    // three changes in one transaction: the two notifications come first, then the changes' own events
    Future<Rendered<Ticket>> blocker = writer.create(admin, ticket("Blocker", contact, null));
    Future<Rendered<Ticket>> toBob = writer.update(admin, one.id(), assign(one, one.version(), bob));
    Future<Rendered<Ticket>> toAlice = writer.update(admin, two.id(), assign(two, two.version(), alice));
    value(blocker);
    value(toBob);
    value(toAlice);
    long blockerId = app.queryLong("SELECT id FROM tickets WHERE subject = 'Blocker'");
    long after = app.queryLong("SELECT max(id) FROM events WHERE ticket_id = " + blockerId);
    assertThat(app.queryString("SELECT string_agg(kind || ':' || coalesce(requester, ''), ',' ORDER BY id)"
        + " FROM events WHERE id > " + after + " AND kind = 'notification.created'"))
        .isEqualTo("notification.created:staff:" + bob + ",notification.created:staff:" + alice);
    long lastNotification = app.queryLong("SELECT max(id) FROM events WHERE kind = 'notification.created'");
    assertThat(app.queryLong("SELECT count(*) FROM events WHERE id > " + after + " AND id < " + lastNotification
        + " AND kind <> 'notification.created'")).as("no ticket event between them").isZero();
    assertThat(app.queryLong("SELECT count(*) FROM events WHERE id > " + lastNotification
        + " AND ticket_id IN (" + one.id() + ", " + two.id() + ")")).as("the changes' events after them")
        .isGreaterThanOrEqualTo(2);
    assertThat(before).isLessThan(after);
  }
}
