package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * A new ticket, from any door: the row (id and ref taken beforehand, SLA marks from its
 * facts), ticket.created, the system notes (follow-up, assignment) and the mails (the
 * requester's receipt, the assignee's notice).
 */
record CreatePlan(Caller caller, NewTicket n, WriteHook.Creating routed) implements BatchItem<Rendered<Ticket>> {

  CreatePlan(Caller caller, NewTicket n) {
    this(caller, n, null);
  }

  /** The create hooks, in order, on a draft of {@code n}. */
  static Future<WriteHook.Creating> creating(SqlClient tx, Caller caller, NewTicket n, List<WriteHook> hooks) {
    Future<WriteHook.Creating> draft = Future.succeededFuture(WriteHook.Creating.of(n));
    for (WriteHook hook : hooks) {
      draft = draft.compose(d -> hook.creating(tx, caller, d));
    }
    return draft;
  }

  @Override
  public Future<BatchItem<Rendered<Ticket>>> prepare(SqlClient tx, Prefetch found, List<WriteHook> hooks) {
    if (hooks.isEmpty() || routed != null || found != null) {
      return Future.succeededFuture(this);
    }
    return creating(tx, caller, n, hooks).map(d -> new CreatePlan(caller, d.ticket(), d));
  }

  @Override
  public void need(Prefetch.Needs needs) {
    needs.ticketIds++;
    needs.messageIds += 2 + (routed == null ? 0 : routed.notes().size());
    if (n.requesterContactId() != null) {
      needs.contacts.add(n.requesterContactId());
    } else {
      needs.users.add(n.requesterUserId());
    }
    if (n.assigneeId() != null) {
      needs.users.add(n.assigneeId());
    }
  }

  @Override
  public Rendered<Ticket> plan(WriteTx w, Prefetch found) {
    Prefetch.Person assignee = null;
    if (n.assigneeId() != null) {
      assignee = assignee(found, n.assigneeId());
    }
    boolean contact = n.requesterContactId() != null;
    Prefetch.Person requester = contact ? found.contact(n.requesterContactId()) : found.user(n.requesterUserId());
    if (requester == null) {
      throw new DomainError.Invalid("requester", "no " + (contact ? "contact" : "user") + " has that id");
    }
    return create(w, caller, n, new Ticket.Requester(contact ? "contact" : "user", requester.id(), requester.name(),
        requester.email()), assignee, routed);
  }

  /** The assignee a new ticket names, checked: an active agent or admin. */
  static Prefetch.Person assignee(Prefetch found, long id) {
    Prefetch.Person assignee = found.user(id);
    if (assignee == null || !assignee.isActiveStaff()) {
      throw new DomainError.Invalid("assignee", "no active agent or admin has id " + id);
    }
    return assignee;
  }

  /** Plans a new ticket whose requester (and assignee, if any) are known to exist. */
  static Rendered<Ticket> create(WriteTx w, Caller caller, NewTicket n, Ticket.Requester requester,
                                 Prefetch.Person assignee) {
    return create(w, caller, n, requester, assignee, null);
  }

  /** As above, with what the create hooks added (notes, who assigned it); {@code routed} may be null. */
  static Rendered<Ticket> create(WriteTx w, Caller caller, NewTicket n, Ticket.Requester requester,
                                 Prefetch.Person assignee, WriteHook.Creating routed) {
    String assignedBy = routed == null ? null : routed.assignedBy();
    long id = w.nextTicketId();
    SlaClock.Facts facts = new SlaClock.Facts(n.priority(), Status.OPEN, w.now(), null, 0, null, null);
    Ticket t = new Ticket(id, Ticket.refOf(id), n.subject(), n.description(), Status.OPEN, n.priority(), n.category(),
        n.channel(), requester, n.assigneeId(), assignee == null ? null : assignee.name(), List.copyOf(n.tags()),
        n.dueAt(), w.now(), w.now(), 1, null, n.followUpOfId(), null, 0, null, null, w.clock().marks(facts),
        createdBy(caller, requester));
    w.changes().insert(t);
    String json = w.ticketEvent("ticket.created", t);
    List<String> notes = new ArrayList<>(2);
    if (n.followUpOfId() != null) {
      notes.add("Opened as a follow-up to " + Ticket.refOf(n.followUpOfId()) + ", which was closed.");
    }
    if (routed != null) {
      notes.addAll(routed.notes());
    }
    if (t.assigneeId() != null && assignedBy == null) {
      notes.add("Assigned to " + t.assigneeName() + " by " + caller.name() + ".");
    }
    w.systemNotes(caller, t, notes);
    w.changes().mail(w.notifier().createdMail(t));
    if (assignee != null) {
      w.changes().staffMail(assignee.id(), "assigned", assignedBy == null
          ? w.notifier().assignedMail(t, assignee.email(), WriteTx.actorId(caller), caller.name())
          : w.notifier().assignedMail(t, assignee.email(), null, "A " + assignedBy));
    }
    w.changes().done(new ChangeSet.Done(caller, null, t, null, null));
    return new Rendered<>(t, json);
  }

  /** Who wrote the opening text: the staff member who opens a ticket for someone else; null when the requester does. */
  static Long createdBy(Caller caller, Ticket.Requester requester) {
    return caller.isStaff() && !caller.isSystem() && !caller.requesterKey().equals(requester.key()) ? caller.id() : null;
  }
}
