package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.AttachmentInfo;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.conversation.NewMessage;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A reply or note: where it lands (the merge target of a merged ticket, a follow-up of a
 * closed one when a requester answers it), the message and its files, and what it does to
 * the ticket: a staff reply is the first response and mails the requester, a requester's
 * reply reopens a pending, on-hold or resolved ticket, a note only adds itself.
 *
 * @param checked true once the caller was found allowed to post (on the ticket that was merged away, or by
 *                a door that decided it itself: mail in lets a ticket's CC write, who is not its requester)
 * @param followUp the follow-up a requester's answer to a closed ticket opens, as the create hooks left it
 *     (null: not prepared, or no hooks)
 * @param via     how the message came ("email"); null: "agent" for staff, "portal" for others
 */
record PostPlan(Caller caller, long ticketId, NewMessage m, boolean checked, WriteHook.Creating followUp, String via)
    implements BatchItem<Rendered<Message>> {

  PostPlan(Caller caller, long ticketId, NewMessage m, boolean checked) {
    this(caller, ticketId, m, checked, null, null);
  }

  @Override
  public void need(Prefetch.Needs needs) {
    needs.lock.add(ticketId);
    needs.messageIds += 3;
    needs.files.addAll(m.attachmentIds());
  }

  @Override
  public int moreTicketIds(Prefetch found) {
    return opensFollowUp(found.ticket(ticketId)) ? 1 : 0;
  }

  private boolean opensFollowUp(Ticket t) {
    return !caller.isStaff() && t != null && t.mergedIntoId() == null && t.status() == Status.CLOSED;
  }

  /** A follow-up is a new ticket like any other: the create hooks (routing) see it. */
  @Override
  public Future<BatchItem<Rendered<Message>>> prepare(SqlClient tx, Prefetch found, List<WriteHook> hooks) {
    Ticket t = found == null ? null : found.ticket(ticketId);
    if (found == null || hooks.isEmpty() || followUp != null || !opensFollowUp(t) || !checked && !visibleTo(t)) {
      return Future.succeededFuture(this);
    }
    return CreatePlan.creating(tx, caller, NewTicket.followUp(t), hooks)
        .map(d -> new PostPlan(caller, ticketId, m, checked, d, via));
  }

  private boolean visibleTo(Ticket t) {
    return caller.isStaff() || t.requester().key().equals(caller.requesterKey());
  }

  @Override
  public int moreMessageIds() {
    return followUp == null ? 0 : followUp.notes().size();
  }

  /** The assignee the create hooks gave the follow-up, unless read already. */
  @Override
  public void needAfterPrepare(Prefetch found, Prefetch.Needs needs) {
    if (followUp != null && followUp.ticket().assigneeId() != null && found.user(followUp.ticket().assigneeId()) == null) {
      needs.users.add(followUp.ticket().assigneeId());
    }
  }

  @Override
  public Rendered<Message> plan(WriteTx w, Prefetch found) {
    Ticket t = found.ticket(ticketId);
    if (!checked) {
      t = PatchPlan.visible(caller, t, ticketId);
    } else if (t == null) {
      throw new DomainError.NotFound("No ticket " + Ticket.refOf(ticketId));
    }
    if (t.mergedIntoId() != null) {
      throw new Redirect(new PostPlan(caller, t.mergedIntoId(), m, true, null, via));
    }
    if (!caller.isStaff() && t.status() == Status.CLOSED) {
      NewTicket n = followUp == null ? NewTicket.followUp(t) : followUp.ticket();
      Prefetch.Person assignee = n.assigneeId() == null ? null : CreatePlan.assignee(found, n.assigneeId());
      t = CreatePlan.create(w, caller, n, t.requester(), assignee, followUp).value();
    }
    List<AttachmentInfo> files = new ArrayList<>(m.attachmentIds().size());
    for (long fileId : m.attachmentIds()) {
      Prefetch.File file = found.take(fileId);
      if (file == null || !file.uploader().equals(caller.requesterKey())) {
        throw new DomainError.Invalid("attachmentIds", "must be files you uploaded and have not attached yet");
      }
      files.add(file.info());
    }
    files.sort(Comparator.comparingLong(AttachmentInfo::id));
    Message.Author author = new Message.Author(caller.kind() == Caller.Kind.USER ? "user" : "contact", caller.id(),
        caller.name());
    Message message = new Message(w.nextMessageId(), t.id(), m.type(), author, m.body(), w.now(), null, files,
        via != null ? via : caller.isStaff() ? "agent" : "portal");
    files.forEach(f -> w.changes().attach(f.id(), message.id()));
    String json = w.message(t, message);
    Ticket after = effects(w, found, t, message);
    w.changes().done(new ChangeSet.Done(caller, t, after, message, null));
    return new Rendered<>(message, json);
  }

  /** What the message does to the ticket; answers the ticket as it leaves it. */
  private Ticket effects(WriteTx w, Prefetch found, Ticket t, Message message) {
    if (message.type() == MessageType.NOTE) {
      return t;
    }
    if (caller.isStaff()) {
      Ticket touched = w.save(caller, t, t.withFirstResponse(w.now()), false);
      found.changed(touched);
      w.ticketUpdated(touched);
      w.changes().mail(w.notifier().replyMail(touched, message));
      return touched;
    }
    boolean reopens = t.status() == Status.PENDING || t.status() == Status.ON_HOLD || t.status() == Status.RESOLVED;
    if (!reopens) {
      Ticket touched = w.save(caller, t, t, false);
      found.changed(touched);
      w.ticketUpdated(touched);
      return touched;
    }
    Ticket reopened = w.save(caller, t, t.withStatus(Status.OPEN, w.clock()), true);
    found.changed(reopened);
    w.ticketUpdated(reopened);
    w.systemNote(caller, reopened, "Reopened by " + caller.name() + "'s reply (was " + t.status().label() + ").");
    return reopened;
  }
}
