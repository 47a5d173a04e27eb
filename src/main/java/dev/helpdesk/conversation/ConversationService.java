package dev.helpdesk.conversation;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.events.EventLog;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.notify.Change;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketJson;
import dev.helpdesk.ticket.TicketRepository;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * Posting to a thread, in one transaction: the message and its files, what it does to
 * the ticket (first response, reopening, a follow-up for a closed ticket), the events
 * and the mail to the requester for a public staff reply. Notes never leave the staff.
 */
public final class ConversationService {

  private final Pool pool;
  private final TicketService tickets;
  private final TicketJson json;
  private final Notifier notifier;
  private final SlaClock clock;

  public ConversationService(Pool pool, TicketService tickets, TicketJson json, Notifier notifier) {
    this.pool = pool;
    this.tickets = tickets;
    this.json = json;
    this.notifier = notifier;
    this.clock = tickets.slaClock();
  }

  public Future<Message> post(Caller caller, long ticketId, NewMessage m) {
    return pool.withTransaction(tx -> postIn(tx, caller, ticketId, m));
  }

  /** {@link #post} inside the caller's transaction (a macro applies its changes and its message in one). */
  public Future<Message> postIn(SqlClient tx, Caller caller, long ticketId, NewMessage m) {
    return TicketRepository.lockById(tx, ticketId)
        .map(found -> TicketService.visible(caller, found, ticketId))
        .compose(t -> target(tx, caller, t))
        .compose(t -> MessageRepository.insert(tx, t.id(), m.type(),
                caller.kind() == Caller.Kind.USER ? caller.id() : null,
                caller.kind() == Caller.Kind.CONTACT ? caller.id() : null, m.body())
            .compose(message -> attach(tx, caller, message, m.attachmentIds()))
            .compose(message -> effects(tx, caller, t, message)
                .compose(v -> tickets.notifications().changed(tx, Change.posted(caller, t, message)))
                .map(message)));
  }

  /** Where the message lands: the merge target of a merged ticket, or a follow-up of a closed one. */
  private Future<Ticket> target(SqlClient tx, Caller caller, Ticket t) {
    Future<Ticket> live = t.mergedIntoId() == null ? Future.succeededFuture(t)
        : TicketRepository.lockById(tx, t.mergedIntoId()).map(target -> target.orElse(t));
    return live.compose(ticket -> !caller.isStaff() && ticket.status() == Status.CLOSED
        ? tickets.createIn(tx, caller, NewTicket.followUp(ticket))
        : Future.succeededFuture(ticket));
  }

  private static Future<Message> attach(SqlClient tx, Caller caller, Message message, List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(message);
    }
    return AttachmentRepository.attach(tx, message.id(), ids, caller.requesterKey()).map(files -> {
      if (files.size() != ids.size()) {
        throw ApiError.invalid("attachmentIds", "must be files you uploaded and have not attached yet");
      }
      return message.withAttachments(files);
    });
  }

  private Future<Void> effects(SqlClient tx, Caller caller, Ticket t, Message message) {
    if (message.type() == MessageType.NOTE) {
      return TicketService.messageEvent(tx, t, message);
    }
    if (caller.isStaff()) {
      return tickets.save(tx, caller, t, t.withFirstResponse(clock.now()), false)
          .compose(touched -> TicketService.messageEvent(tx, touched, message)
              .compose(v -> ticketUpdated(tx, touched))
              .compose(v -> notifier.publicReply(tx, touched, message)));
    }
    boolean reopens = t.status() == Status.PENDING || t.status() == Status.ON_HOLD || t.status() == Status.RESOLVED;
    if (!reopens) {
      return tickets.save(tx, caller, t, t, false)
          .compose(touched -> TicketService.messageEvent(tx, touched, message)
              .compose(v -> ticketUpdated(tx, touched)));
    }
    return tickets.save(tx, caller, t, t.withStatus(Status.OPEN, clock), true)
        .compose(reopened -> TicketService.messageEvent(tx, reopened, message)
            .compose(v -> ticketUpdated(tx, reopened))
            .compose(v -> TicketService.systemMessages(tx, caller, reopened, List.of(
                "Reopened by " + caller.name() + "'s reply (was " + t.status().label() + ")."))));
  }

  private Future<Void> ticketUpdated(SqlClient tx, Ticket t) {
    return tickets.ticketUpdated(tx, t);
  }
}
