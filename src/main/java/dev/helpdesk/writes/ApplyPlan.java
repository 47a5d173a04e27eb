package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.NewMessage;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketPatch;
import java.util.function.Function;

/**
 * A PATCH and a message as one change (a macro): both are written, or neither. The version
 * is checked once, against the row as locked; the message is made from the ticket as the
 * PATCH leaves it. Staff only; a merged ticket is refused (apply it to the merge target).
 *
 * @param patch   the fields to change, at {@code version}; null to change none
 * @param message the message to post, made from the changed ticket; null or answering null to post none
 */
record ApplyPlan(Caller caller, long id, int version, TicketPatch patch, Function<Ticket, NewMessage> message)
    implements BatchItem<Rendered<Ticket>> {

  @Override
  public void need(Prefetch.Needs needs) {
    if (patch != null) {
      new PatchPlan(caller, id, patch).need(needs);
    }
    needs.lock.add(id);
    needs.messageIds += 3;
  }

  @Override
  public Rendered<Ticket> plan(WriteTx w, Prefetch found) {
    if (!caller.isStaff()) {
      throw new DomainError.Forbidden("Only staff apply macros");
    }
    Ticket current = PatchPlan.visible(caller, found.ticket(id), id);
    if (current.version() != version) {
      throw new DomainError.Conflict("The ticket was changed by someone else (version " + current.version()
          + ", you sent " + version + "); reload and try again", w.render(current));
    }
    if (current.mergedIntoId() != null) {
      throw new DomainError.Unprocessable(current.ref() + " is merged into " + Ticket.refOf(current.mergedIntoId())
          + "; apply the macro there");
    }
    try {
      Ticket changed = patch == null ? current : new PatchPlan(caller, id, patch).plan(w, found).value();
      NewMessage m = message == null ? null : message.apply(changed);
      if (m != null) {
        new PostPlan(caller, id, m, true).plan(w, found);
      }
    } catch (RuntimeException refused) {
      found.changed(current); // its rows are undone: later changes of the batch see the ticket as it was
      throw refused;
    }
    Ticket after = found.ticket(id);
    return new Rendered<>(after, w.render(after).encode());
  }
}
