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
    return queue(tx, replyMail(t, reply));
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

  // Mails as data, for the one write path, which queues them with the rest of a change's rows.

  /** "We received your request", with a portal link. */
  public Mail createdMail(Ticket t) {
    return MailTemplates.ticketCreated(t, portalLink(t));
  }

  /**
   * A public reply by staff, to the requester. It is a person's mail, so it carries no
   * Auto-Submitted ({@code automatic} false); mail in's write hook copies the ticket's CCs.
   */
  public Mail replyMail(Ticket t, Message reply) {
    return MailTemplates.publicReply(t, reply, portalLink(t)).personal(java.util.List.of());
  }

  /** The new assignee's mail, or null when they assigned it to themself or have no address. */
  public Mail assignedMail(Ticket t, String agentEmail, Long actorUserId, String actorName) {
    if (t.assigneeId() == null || t.assigneeId().equals(actorUserId) || agentEmail == null) {
      return null;
    }
    return MailTemplates.assigned(t, agentEmail, actorName, publicUrl + "/agent/#/tickets/" + t.ref());
  }

  /** The assignee's breach mail, or null for an unassigned ticket. */
  public Mail breachedMail(Ticket t, String agentEmail) {
    if (t.assigneeId() == null || agentEmail == null) {
      return null;
    }
    return MailTemplates.slaBreached(t, agentEmail, publicUrl + "/agent/#/tickets/" + t.ref());
  }

  /** One summary mail for many tickets given at once (a single ticket gets the usual mail). */
  public Mail bulkAssignedMail(java.util.List<Ticket> tickets, String agentEmail, Long actorUserId, String actorName) {
    if (tickets.isEmpty() || agentEmail == null || tickets.get(0).assigneeId().equals(actorUserId)) {
      return null;
    }
    if (tickets.size() == 1) {
      return assignedMail(tickets.get(0), agentEmail, actorUserId, actorName);
    }
    return MailTemplates.bulkAssigned(tickets, agentEmail, actorName, publicUrl + "/agent/#/?q=agent%3Ame",
        publicUrl + "/agent/#/tickets/");
  }

  /** Wakes the sender after mails were committed. */
  public void kick() {
    eventBus.send(MailSender.KICK, null);
  }

  /** The ticket's page in the agent app. */
  public String agentLink(Ticket t) {
    return publicUrl + "/agent/#/tickets/" + t.ref();
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

  /** The service's public address, for links in mails other features write (satisfaction). */
  public String publicUrl() {
    return publicUrl;
  }

  private Future<Void> queue(SqlClient tx, Mail mail) {
    return Outbox.enqueue(tx, mail).onSuccess(v -> MailSender.wakeAfterCommit(tx, eventBus));
  }
}
