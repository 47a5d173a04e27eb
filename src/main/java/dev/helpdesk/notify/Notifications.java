package dev.helpdesk.notify;

import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketService;
import dev.helpdesk.writes.ChangeSet;
import dev.helpdesk.writes.WriteHook;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Who hears of a change, in the change's own transaction (a {@link WriteHook} of the write
 * path): a notification row and its {@code notification.created} event for each recipient who
 * wants it in the app (its {@code createdAt} the transaction's time, {@link ChangeSet#at}), and a mail for one who wants it by mail. The write path plans the mails
 * it always sent (an assignment, a breach) as staff mails; this hook holds back those their
 * recipient turned off. Requesters never get notifications; nobody is notified of what they
 * did themself.
 *
 * <p>Who gets what: the new assignee; the assignee when the requester replies and when the
 * ticket's SLA turns approaching or breached; staff named with @ in a note.
 *
 * <p>Per transaction (a whole batch of changes): one query for the @names of every note of it
 * (none when no note names anyone), and one for every recipient's preferences, address and
 * notification id;
 * the rows go with the batch's other rows as one {@code INSERT … SELECT FROM unnest}. A
 * transaction with nothing to notify costs nothing.
 */
public final class Notifications implements WriteHook {

  /** The event kind; its {@code requester} column holds the recipient as {@code staff:5} (internal, so never a requester's). */
  public static final String EVENT = "notification.created";

  /**
   * Per candidate ($1 recipient, $2 kind, $3 whether in the app is asked, $4 the kind's mail default), in order:
   * whether it goes in the app (then with its id) and by mail. Active users only; in the app, staff only.
   */
  private static final String DECIDE = "SELECT d.i, u.name, u.email, u.role IN ('admin', 'agent') AS staff,"
      + " coalesce((p.mail ->> d.kind)::boolean, d.mail_default) AS mail,"
      + " CASE WHEN d.in_app AND u.role IN ('admin', 'agent') AND coalesce((p.in_app ->> d.kind)::boolean, true)"
      + " THEN nextval(pg_get_serial_sequence('notifications', 'id')) END AS id"
      + " FROM unnest($1::bigint[], $2::text[], $3::boolean[], $4::boolean[]) WITH ORDINALITY"
      + " AS d(user_id, kind, in_app, mail_default, i)"
      + " JOIN users u ON u.id = d.user_id AND u.active"
      + " LEFT JOIN notification_preferences p ON p.user_id = d.user_id ORDER BY d.i";
  private static final String INSERT = "INSERT INTO notifications (id, recipient_id, kind, ticket_id, actor_id,"
      + " created_at) OVERRIDING SYSTEM VALUE"
      + " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::timestamptz[])";

  private final Notifier notifier;

  public Notifications(Notifier notifier) {
    this.notifier = notifier;
  }

  /** One notification to decide on: for a ticket, from an actor (null: the service itself). */
  record Due(long recipientId, NotificationKind kind, Long actorId, String actorName, Ticket ticket) {}

  @Override
  public Future<Void> planned(SqlClient tx, ChangeSet changes) {
    List<ChangeSet.Done> done = changes.done();
    List<ChangeSet.StaffMail> staffMails = changes.staffMails();
    if (done.isEmpty() && staffMails.isEmpty()) {
      return Future.succeededFuture();
    }
    // the batch's notes that name someone, resolved in one query
    List<String> notes = new ArrayList<>();
    for (ChangeSet.Done d : done) {
      if (namesSomeone(d)) {
        notes.add(d.message().body());
      }
    }
    return Mentions.staff(tx, notes).compose(mentioned -> {
      List<Due> due = new ArrayList<>();
      int note = 0;
      for (ChangeSet.Done d : done) {
        due.addAll(recipients(d, namesSomeone(d) ? mentioned.get(note++) : List.of()));
      }
      return due.isEmpty() && staffMails.isEmpty() ? Future.<Void>succeededFuture()
          : decide(tx, due, staffMails, changes);
    });
  }

  /** A staff note with an @ that may name someone. */
  static boolean namesSomeone(ChangeSet.Done c) {
    return c.crossed() == null && c.message() != null && c.message().type() == MessageType.NOTE
        && c.caller().isStaff() && !Mentions.in(c.message().body()).isEmpty();
  }

  /** The rules, as data: who is to hear of one change; {@code mentioned}: the staff its note names. */
  static List<Due> recipients(ChangeSet.Done c, List<Long> mentioned) {
    Ticket after = c.after();
    Long actor = TicketService.actorId(c.caller());
    String actorName = actor == null ? null : c.caller().name();
    List<Due> due = new ArrayList<>();
    Long assignee = after.assigneeId();
    if (c.crossed() != null) {
      if (assignee != null && (c.crossed() == SlaState.APPROACHING || c.crossed() == SlaState.BREACHED)) {
        due.add(new Due(assignee, c.crossed() == SlaState.BREACHED ? NotificationKind.SLA_BREACHED
            : NotificationKind.SLA_APPROACHING, null, null, after));
      }
      return due;
    }
    if (c.message() == null) {
      boolean newAssignee = assignee != null && (c.before() == null || !assignee.equals(c.before().assigneeId()));
      if (newAssignee && !assignee.equals(actor)) {
        due.add(new Due(assignee, NotificationKind.ASSIGNED, actor, actorName, after));
      }
      return due;
    }
    if (c.message().type() == MessageType.REPLY && !c.caller().isStaff()) {
      if (assignee != null && !assignee.equals(actor)) {
        due.add(new Due(assignee, NotificationKind.REQUESTER_REPLIED, null, null, after));
      }
      return due;
    }
    mentioned.stream().filter(id -> !id.equals(actor))
        .forEach(id -> due.add(new Due(id, NotificationKind.MENTIONED, actor, actorName, after)));
    return due;
  }

  /** One round trip for every recipient of the transaction; then rows, events and mails join the change set. */
  private Future<Void> decide(SqlClient tx, List<Due> due, List<ChangeSet.StaffMail> staffMails, ChangeSet changes) {
    int n = due.size() + staffMails.size();
    Long[] users = new Long[n];
    String[] kinds = new String[n];
    Boolean[] inApp = new Boolean[n];
    Boolean[] mailDefaults = new Boolean[n];
    for (int i = 0; i < due.size(); i++) {
      Due d = due.get(i);
      users[i] = d.recipientId();
      kinds[i] = d.kind().wire();
      inApp[i] = true;
      mailDefaults[i] = d.kind().mailByDefault();
    }
    for (int j = 0; j < staffMails.size(); j++) {
      ChangeSet.StaffMail m = staffMails.get(j);
      int i = due.size() + j;
      users[i] = m.userId();
      kinds[i] = m.kind();
      inApp[i] = false;
      mailDefaults[i] = dev.helpdesk.domain.WireEnum.parse(NotificationKind.class, m.kind())
          .map(NotificationKind::mailByDefault).orElse(true);
    }
    return tx.preparedQuery(DECIDE).execute(Tuple.of(users, kinds, inApp, mailDefaults)).map(rows -> {
      boolean[] mailed = new boolean[n];
      Inserts inserts = new Inserts();
      // the change's own time (the write path's one instant per transaction), as its message and ticket carry
      Instant now = changes.at();
      for (Row row : rows) {
        int i = (int) row.getLong("i").longValue() - 1;
        boolean mail = row.getBoolean("mail");
        mailed[i] = mail;
        if (i >= due.size()) {
          continue;
        }
        Due d = due.get(i);
        if (!row.getBoolean("staff")) {
          continue;
        }
        Long id = row.getLong("id");
        if (id != null) {
          inserts.add(id, d, now);
          JsonObject item = NotificationRepository.json(id, d.kind().wire(), d.ticket().ref(), d.ticket().subject(),
              d.actorId(), d.actorName(), now, null);
          // numbered before the batch's ticket events: the live feed writes one frame to the recipient
          // first, then the ticket events' frames to every agent (bench/notify-latency.sh)
          changes.eventAhead(EVENT, null, recipientKey(d.recipientId()), true, item.encode());
        }
        if (mail && !d.kind().mailedByNotifier()) {
          changes.mail(NotificationMails.of(d.kind(), d.ticket(), row.getString("name"), row.getString("email"),
              notifier.agentLink(d.ticket())));
        }
      }
      for (int j = 0; j < staffMails.size(); j++) {
        if (!mailed[due.size() + j]) {
          changes.holdBack(staffMails.get(j));
        }
      }
      if (!inserts.ids.isEmpty()) {
        changes.extra(INSERT, inserts.params());
      }
      return null;
    });
  }

  /** The notification rows of one transaction, column by column. */
  private static final class Inserts {
    final List<Long> ids = new ArrayList<>();
    final List<Long> recipients = new ArrayList<>();
    final List<String> kinds = new ArrayList<>();
    final List<Long> tickets = new ArrayList<>();
    final List<Long> actors = new ArrayList<>();
    final List<OffsetDateTime> times = new ArrayList<>();

    void add(long id, Due d, Instant at) {
      ids.add(id);
      recipients.add(d.recipientId());
      kinds.add(d.kind().wire());
      tickets.add(d.ticket().id());
      actors.add(d.actorId());
      times.add(at.atOffset(ZoneOffset.UTC));
    }

    Tuple params() {
      return Tuple.of(ids.toArray(Long[]::new), recipients.toArray(Long[]::new), kinds.toArray(String[]::new),
          tickets.toArray(Long[]::new), actors.toArray(Long[]::new), times.toArray(OffsetDateTime[]::new));
    }
  }

  /** How a notification event names its recipient in the events table's {@code requester} column. */
  public static String recipientKey(long userId) {
    return "staff:" + userId;
  }
}
