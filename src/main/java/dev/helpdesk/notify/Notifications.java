package dev.helpdesk.notify;

import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.events.EventLog;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who hears of a change, in the change's own transaction: a notification row and its
 * {@code notification.created} event for each recipient who wants it in the app, and a mail
 * for one who wants it by mail (assignments and breaches are mailed by {@link Notifier}, which
 * reads the same preferences). Requesters never get notifications; nobody is notified of
 * what they did themself.
 *
 * <p>Who gets what: the new assignee; the assignee when the requester replies and when the
 * ticket's SLA turns approaching or breached; staff named with @ in a note.
 */
public final class Notifications {

  /** The event kind; its {@code requester} column holds the recipient as {@code staff:5} (internal, so never a requester's). */
  public static final String EVENT = "notification.created";

  /** $1 recipient, $2 kind, $3 in-app default, $4 mail default. */
  private static final String RECIPIENT = "SELECT u.name, u.email,"
      + " coalesce((p.in_app ->> $2)::boolean, $3) AS in_app, coalesce((p.mail ->> $2)::boolean, $4) AS mail"
      + " FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id"
      + " WHERE u.id = $1 AND u.active AND u.role IN ('admin', 'agent')";
  private static final String INSERT = "INSERT INTO notifications (recipient_id, kind, ticket_id, actor_id)"
      + " VALUES ($1, $2, $3, $4) RETURNING id, created_at, (SELECT name FROM users WHERE id = $4) AS actor_name";

  private final Notifier notifier;

  public Notifications(Notifier notifier) {
    this.notifier = notifier;
  }

  /** One notification to write. */
  record Due(long recipientId, NotificationKind kind, Long actorId) {}

  /** The hook: the notifications a change causes, written in {@code tx}. */
  public Future<Void> changed(SqlClient tx, Change c) {
    return recipients(tx, c).compose(due -> {
      Future<Void> chain = Future.succeededFuture();
      for (Due d : due) {
        chain = chain.compose(v -> notify(tx, d, c.after()));
      }
      return chain;
    });
  }

  /** Tickets given to an agent by a bulk change: in the app one each (the mail is one summary, Notifier's). */
  public Future<Void> bulkAssigned(SqlClient tx, long agentId, List<Ticket> tickets, Long actorId) {
    if (Objects.equals(agentId, actorId)) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (Ticket t : tickets) {
      chain = chain.compose(v -> notify(tx, new Due(agentId, NotificationKind.ASSIGNED, actorId), t, false));
    }
    return chain;
  }

  /** The rules, as data. */
  static Future<List<Due>> recipients(SqlClient tx, Change c) {
    Ticket after = c.after();
    Long actor = TicketService.actorId(c.caller());
    List<Due> due = new ArrayList<>();
    Long assignee = after.assigneeId();
    if (c.slaState() != null) {
      if (assignee != null && (c.slaState() == SlaState.APPROACHING || c.slaState() == SlaState.BREACHED)) {
        due.add(new Due(assignee, c.slaState() == SlaState.BREACHED ? NotificationKind.SLA_BREACHED
            : NotificationKind.SLA_APPROACHING, null));
      }
      return Future.succeededFuture(due);
    }
    if (c.message() == null) {
      boolean newAssignee = assignee != null && (c.before() == null || !assignee.equals(c.before().assigneeId()));
      if (newAssignee && !assignee.equals(actor)) {
        due.add(new Due(assignee, NotificationKind.ASSIGNED, actor));
      }
      return Future.succeededFuture(due);
    }
    if (c.message().type() == MessageType.REPLY && !c.caller().isStaff()) {
      if (assignee != null && !assignee.equals(actor)) {
        due.add(new Due(assignee, NotificationKind.REQUESTER_REPLIED, null));
      }
      return Future.succeededFuture(due);
    }
    if (c.message().type() == MessageType.NOTE && c.caller().isStaff()) {
      return Mentions.staff(tx, c.message().body()).map(ids -> {
        ids.stream().filter(id -> !id.equals(actor))
            .forEach(id -> due.add(new Due(id, NotificationKind.MENTIONED, actor)));
        return due;
      });
    }
    return Future.succeededFuture(due);
  }

  private Future<Void> notify(SqlClient tx, Due d, Ticket t) {
    return notify(tx, d, t, true);
  }

  private Future<Void> notify(SqlClient tx, Due d, Ticket t, boolean mail) {
    NotificationKind kind = d.kind();
    return tx.preparedQuery(RECIPIENT).execute(Tuple.of(d.recipientId(), kind.wire(), true, kind.mailByDefault()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          Row who = rows.iterator().next();
          Future<Void> inApp = who.getBoolean("in_app") ? insert(tx, d, t) : Future.succeededFuture();
          boolean mailIt = mail && who.getBoolean("mail") && !kind.mailedByNotifier();
          return inApp.compose(v -> mailIt
              ? notifier.queue(tx, NotificationMails.of(kind, t, who.getString("name"), who.getString("email"),
                  notifier.agentLink(t)))
              : Future.succeededFuture());
        });
  }

  private static Future<Void> insert(SqlClient tx, Due d, Ticket t) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(d.recipientId(), d.kind().wire(), t.id(), d.actorId()))
        .compose(rows -> {
          Row row = rows.iterator().next();
          JsonObject item = NotificationRepository.json(row.getLong("id"), d.kind().wire(), t.ref(), t.subject(),
              d.actorId(), row.getString("actor_name"), row.getOffsetDateTime("created_at").toInstant(), null);
          return EventLog.append(tx, EVENT, null, recipientKey(d.recipientId()), true, item);
        });
  }

  /** How a notification event names its recipient in the events table's {@code requester} column. */
  public static String recipientKey(long userId) {
    return "staff:" + userId;
  }
}
