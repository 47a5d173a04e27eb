package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketPatch;
import java.util.List;
import java.util.Objects;

/**
 * A PATCH: the version checked against the row as locked (or as an earlier change of the
 * same batch left it), the move allowed, the fields applied, the SLA facts a status change
 * moves, history, ticket.updated, a system note per change of status, priority or agent,
 * and the new assignee's mail.
 */
record PatchPlan(Caller caller, long id, TicketPatch patch) implements BatchItem<Rendered<Ticket>> {

  @Override
  public void need(Prefetch.Needs needs) {
    needs.lock.add(id);
    needs.messageIds += 3;
    if (patch.assigneeId() != null) {
      needs.users.add(patch.assigneeId());
    }
    if (patch.requester() != null) {
      (("contact".equals(patch.requester().type())) ? needs.contacts : needs.users).add(patch.requester().id());
    }
  }

  @Override
  public Rendered<Ticket> plan(WriteTx w, Prefetch found) {
    Ticket current = visible(caller, found.ticket(id), id);
    if (current.version() != patch.version()) {
      throw new DomainError.Conflict("The ticket was changed by someone else (version " + current.version()
          + ", you sent " + patch.version() + "); reload and try again", w.render(current));
    }
    if (patch.status() != null && !current.status().canMoveTo(patch.status())) {
      throw new DomainError.Unprocessable("A closed ticket can only be reopened (status open), not moved to "
          + patch.status().wire());
    }
    Long newAssignee = patch.clearAssignee() ? null
        : patch.assigneeId() != null ? patch.assigneeId() : current.assigneeId();
    boolean assigneeChanged = !Objects.equals(newAssignee, current.assigneeId());
    Prefetch.Person assignee = null;
    if (assigneeChanged && newAssignee != null) {
      assignee = found.user(newAssignee);
      if (assignee == null || !assignee.isActiveStaff()) {
        throw new DomainError.Invalid("assignee", "no active agent or admin has id " + newAssignee);
      }
    }
    Ticket.Requester requester = current.requester();
    if (patch.requester() != null) {
      Ticket.Requester r = patch.requester();
      Prefetch.Person person = "contact".equals(r.type()) ? found.contact(r.id()) : found.user(r.id());
      if (person == null) {
        throw new DomainError.Invalid("requester", "no " + r.type() + " has id " + r.id());
      }
      requester = new Ticket.Requester(r.type(), r.id(), person.name(), person.email());
    }
    String assigneeName = !assigneeChanged ? current.assigneeName() : assignee == null ? null : assignee.name();
    Ticket saved = w.save(caller, current, apply(w, current, patch, requester, newAssignee, assigneeName), true);
    found.changed(saved);
    String json = w.ticketUpdated(saved);
    w.systemNotes(caller, saved, changeNotes(caller, current, saved));
    if (assignee != null) {
      w.changes().staffMail(assignee.id(), "assigned",
          w.notifier().assignedMail(saved, assignee.email(), WriteTx.actorId(caller), caller.name()));
    }
    w.changes().done(new ChangeSet.Done(caller, current, saved, null, null));
    return new Rendered<>(saved, json);
  }

  /** The new row: patched fields, plus the SLA facts a status change moves. */
  private Ticket apply(WriteTx w, Ticket current, TicketPatch p, Ticket.Requester requester, Long assigneeId,
                       String assigneeName) {
    Ticket c = current.withStatus(p.status() != null ? p.status() : current.status(), w.clock());
    return new Ticket(c.id(), c.ref(),
        p.subject() != null ? p.subject() : c.subject(),
        p.description() != null ? p.description() : c.description(),
        c.status(),
        p.priority() != null ? p.priority() : c.priority(),
        p.category() != null ? p.category() : c.category(),
        p.channel() != null ? p.channel() : c.channel(),
        requester, assigneeId, assigneeName,
        p.tags() != null ? p.tags() : c.tags(),
        p.clearDue() ? null : p.dueAt() != null ? p.dueAt() : c.dueAt(),
        c.createdAt(), c.updatedAt(), c.version(), c.mergedIntoId(), c.followUpOfId(),
        c.firstRespondedAt(), c.pausedSeconds(), c.pausedSince(), c.resolvedAt(), c.slaMarks(), c.createdById());
  }

  /** The ticket, if it exists and the caller may see it (requesters: only their own). */
  static Ticket visible(Caller caller, Ticket found, long id) {
    if (found == null || !caller.isStaff() && !found.requester().key().equals(caller.requesterKey())) {
      throw new DomainError.NotFound("No ticket " + Ticket.refOf(id));
    }
    return found;
  }

  /** The system messages a change of status, priority or agent adds to the thread. */
  static List<String> changeNotes(Caller caller, Ticket before, Ticket after) {
    return dev.helpdesk.ticket.TicketService.changeNotes(caller, before, after);
  }
}
