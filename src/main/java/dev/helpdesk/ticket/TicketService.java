package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.sla.SlaClock;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Optional;

/**
 * Creating, reading, changing and deleting tickets. Every change is handed to the one write
 * path ({@link TicketWrites}, implemented by {@code dev.helpdesk.writes}), which writes the
 * row, history, system messages, events and mails together and answers after commit.
 */
public final class TicketService {

  private final Pool pool;
  private final TicketJson json;
  private final TicketWrites writes;
  private volatile TicketHooks hooks = TicketHooks.NONE;

  public TicketService(Pool pool, TicketJson json, TicketWrites writes) {
    this.pool = pool;
    this.json = json;
    this.writes = writes;
  }

  /** Fields other features add to a ticket's JSON (see {@link TicketHooks}); set once at start-up. */
  public void useHooks(TicketHooks hooks) {
    this.hooks = hooks;
  }

  public TicketHooks hooks() {
    return hooks;
  }

  public TicketJson json() {
    return json;
  }

  public TicketWrites writes() {
    return writes;
  }

  public Future<Ticket> create(Caller caller, NewTicket n) {
    return writes.create(caller, n).map(Rendered::value);
  }

  /** As {@link #create}, with the JSON the event carries, for the answer: rendered once. */
  public Future<Rendered<Ticket>> createRendered(Caller caller, NewTicket n) {
    return writes.create(caller, n);
  }

  /** The ticket, if it exists and the caller may see it (requesters: only their own). */
  public Future<Ticket> get(Caller caller, long id) {
    return TicketRepository.findById(pool, id).map(found -> visible(caller, found, id));
  }

  public Future<Ticket> update(Caller caller, long id, TicketPatch patch) {
    return writes.update(caller, id, patch).map(Rendered::value);
  }

  /** As {@link #update}, with the JSON the event carries, for the answer. */
  public Future<Rendered<Ticket>> updateRendered(Caller caller, long id, TicketPatch patch) {
    return writes.update(caller, id, patch);
  }

  public Future<Void> delete(long id) {
    return writes.delete(id);
  }

  /** Moves the ticket to the trash (restorable for 30 days, issue 12) and announces ticket.deleted. */
  public Future<Void> delete(Caller caller, long id) {
    return writes.delete(caller, id);
  }

  /** Brings a ticket back from the trash, whole, and announces it as ticket.created again. */
  public Future<Ticket> restore(Caller caller, long id) {
    return writes.restore(caller, id).map(Rendered::value);
  }

  public static Ticket visible(Caller caller, Optional<Ticket> found, long id) {
    return found
        .filter(t -> caller.isStaff() || t.requester().key().equals(caller.requesterKey()))
        .orElseThrow(() -> new DomainError.NotFound("No ticket " + Ticket.refOf(id)));
  }

  /** The new row: patched fields, plus the SLA facts a status change moves (assignee name left to the writer). */
  public Ticket apply(Ticket current, TicketPatch p, Long assigneeId) {
    Ticket c = current.withStatus(p.status() != null ? p.status() : current.status(), slaClock());
    return new Ticket(c.id(), c.ref(),
        p.subject() != null ? p.subject() : c.subject(),
        p.description() != null ? p.description() : c.description(),
        c.status(),
        p.priority() != null ? p.priority() : c.priority(),
        p.category() != null ? p.category() : c.category(),
        p.channel() != null ? p.channel() : c.channel(),
        p.requester() != null ? p.requester() : c.requester(), assigneeId, null,
        p.tags() != null ? p.tags() : c.tags(),
        p.clearDue() ? null : p.dueAt() != null ? p.dueAt() : c.dueAt(),
        c.createdAt(), c.updatedAt(), c.version(), c.mergedIntoId(), c.followUpOfId(),
        c.firstRespondedAt(), c.pausedSeconds(), c.pausedSince(), c.resolvedAt(), c.slaMarks(), c.createdById());
  }

  public SlaClock slaClock() {
    return json.slaClock();
  }

  /** The system messages a change of status, priority or agent adds to the thread. */
  public static List<String> changeNotes(Caller caller, Ticket before, Ticket after) {
    List<String> notes = new java.util.ArrayList<>();
    String by = " by " + caller.name() + ".";
    if (before.status() != after.status()) {
      notes.add("Status changed from " + before.status().label() + " to " + after.status().label() + by);
    }
    if (before.priority() != after.priority()) {
      notes.add("Priority changed from " + before.priority().label() + " to " + after.priority().label() + by);
    }
    if (!java.util.Objects.equals(before.assigneeId(), after.assigneeId())) {
      notes.add(after.assigneeId() == null ? "Unassigned (was " + before.assigneeName() + ")" + by
          : "Assigned to " + after.assigneeName() + by);
    }
    return notes;
  }

  /** The user who acts, for system messages, history and mails; null for a contact or the service itself. */
  public static Long actorId(Caller caller) {
    return caller.kind() == Caller.Kind.USER && !caller.isSystem() ? caller.id() : null;
  }
}
