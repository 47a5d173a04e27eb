package dev.helpdesk.ticket;

import java.time.Instant;
import java.util.List;

/** A validated request to create a ticket, or a follow-up of a closed one. */
public record NewTicket(String subject, String description, Priority priority, Category category, Channel channel,
                        Long requesterContactId, Long requesterUserId, Long assigneeId, List<String> tags,
                        Instant dueAt, Long followUpOfId) {

  /** A requester's answer to a closed ticket opens this follow-up, linked to it. */
  public static NewTicket followUp(Ticket closed) {
    boolean contact = "contact".equals(closed.requester().type());
    return new NewTicket(closed.subject(), "Follow-up to " + closed.ref() + ".", closed.priority(), closed.category(),
        closed.channel(), contact ? closed.requester().id() : null, contact ? null : closed.requester().id(), null,
        closed.tags(), null, closed.id());
  }
}
