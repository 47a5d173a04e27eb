package dev.helpdesk.notify;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Ticket;

/**
 * A change of one ticket as notifications see it.
 *
 * @param before   the ticket before the change; null when it was just created
 * @param after    the ticket after the change
 * @param caller   who made it ({@link Caller#system()} for the SLA watcher)
 * @param message  the message posted with it, if any (a reply or a note)
 * @param slaState the SLA state the ticket just crossed into (approaching, breached), if that is the change
 */
public record Change(Ticket before, Ticket after, Caller caller, Message message, SlaState slaState) {

  public static Change created(Caller caller, Ticket ticket) {
    return new Change(null, ticket, caller, null, null);
  }

  public static Change updated(Caller caller, Ticket before, Ticket after) {
    return new Change(before, after, caller, null, null);
  }

  public static Change posted(Caller caller, Ticket ticket, Message message) {
    return new Change(ticket, ticket, caller, message, null);
  }

  public static Change slaCrossed(Ticket ticket, SlaState state) {
    return new Change(ticket, ticket, Caller.system(), null, state);
  }
}
