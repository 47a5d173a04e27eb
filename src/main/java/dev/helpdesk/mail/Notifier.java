package dev.helpdesk.mail;

import dev.helpdesk.auth.Tokens;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Decides who gets which mail for a change, and queues it in the change's transaction. */
public final class Notifier {

  /** How long an emailed portal link works. */
  public static final int PORTAL_LINK_MINUTES = 7 * 24 * 60;

  private static final String STAFF_EMAIL = "SELECT email FROM users WHERE id = $1 AND active";

  private final Tokens tokens;
  private final String publicUrl;
  private final EventBus eventBus;

  public Notifier(Tokens tokens, String publicUrl, EventBus eventBus) {
    this.tokens = tokens;
    this.publicUrl = publicUrl;
    this.eventBus = eventBus;
  }

  /** The requester hears that their request arrived, with a link to follow it. */
  public Future<Void> ticketCreated(SqlClient tx, Ticket t) {
    return queue(tx, MailTemplates.ticketCreated(t, portalLink(t)));
  }

  /** A public reply by staff goes to the requester; notes never reach this method's callers' mail. */
  public Future<Void> publicReply(SqlClient tx, Ticket t, Message reply) {
    return queue(tx, MailTemplates.publicReply(t, reply, portalLink(t)));
  }

  /** The new assignee hears about it, unless they assigned it to themself. */
  public Future<Void> assigned(SqlClient tx, Ticket t, Long actorUserId, String actorName) {
    if (t.assigneeId() == null || t.assigneeId().equals(actorUserId)) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(STAFF_EMAIL).execute(Tuple.of(t.assigneeId())).compose(rows -> rows.size() == 0
        ? Future.succeededFuture()
        : queue(tx, MailTemplates.assigned(t, rows.iterator().next().getString(0), actorName,
            publicUrl + "/agent/#/tickets/" + t.ref())));
  }

  /** The assignee hears of a breach; an unassigned ticket's breach shows on the wallboard and the preset. */
  public Future<Void> slaBreached(SqlClient tx, Ticket t) {
    if (t.assigneeId() == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(STAFF_EMAIL).execute(Tuple.of(t.assigneeId())).compose(rows -> rows.size() == 0
        ? Future.succeededFuture()
        : queue(tx, MailTemplates.slaBreached(t, rows.iterator().next().getString(0),
            publicUrl + "/agent/#/tickets/" + t.ref())));
  }

  /**
   * One mail for an agent who was given many tickets at once by a bulk change, instead
   * of one per ticket; a single ticket gets the usual mail. Nobody is told about what
   * they assigned to themself.
   */
  public Future<Void> bulkAssigned(SqlClient tx, long agentId, java.util.List<Ticket> tickets, Long actorUserId,
                                   String actorName) {
    if (tickets.isEmpty() || Long.valueOf(agentId).equals(actorUserId)) {
      return Future.succeededFuture();
    }
    if (tickets.size() == 1) {
      return assigned(tx, tickets.get(0), actorUserId, actorName);
    }
    return tx.preparedQuery(STAFF_EMAIL).execute(Tuple.of(agentId)).compose(rows -> rows.size() == 0
        ? Future.succeededFuture()
        : queue(tx, MailTemplates.bulkAssigned(tickets, rows.iterator().next().getString(0), actorName,
            publicUrl + "/agent/#/?q=agent%3Ame", publicUrl + "/agent/#/tickets/")));
  }

  public String portalLink(Ticket t) {
    return publicUrl + "/portal/#token=" + tokens.issuePortalLink(t.requester().key(), PORTAL_LINK_MINUTES)
        + "&ticket=" + t.ref();
  }

  /** A fresh sign-in link for a requester who asked for one. */
  public Future<Void> signInLink(SqlClient tx, String requesterKey, String name, String email) {
    String link = publicUrl + "/portal/#token=" + tokens.issuePortalLink(requesterKey, PORTAL_LINK_MINUTES);
    return queue(tx, MailTemplates.signInLink(name, email, link));
  }

  /** Queues a mail another feature wrote (satisfaction), in the change's transaction. */
  public Future<Void> send(SqlClient tx, Mail mail) {
    return queue(tx, mail);
  }

  /** The address of an active staff member, or null. */
  public Future<String> staffEmail(SqlClient tx, long userId) {
    return tx.preparedQuery(STAFF_EMAIL).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  public String publicUrl() {
    return publicUrl;
  }

  private Future<Void> queue(SqlClient tx, Mail mail) {
    return Outbox.enqueue(tx, mail).onSuccess(v -> eventBus.send(MailSender.KICK, null));
  }
}
