package dev.helpdesk.ticket;

import java.time.Instant;
import java.util.List;

/**
 * A validated PATCH: null means "keep as is"; {@code clearAssignee} and {@code clearDue}
 * say an explicit null was sent.
 */
public record TicketPatch(int version, String subject, String description, Status status, Priority priority,
                          Category category, Channel channel, Ticket.Requester requester, Long assigneeId,
                          boolean clearAssignee, List<String> tags, Instant dueAt, boolean clearDue) {}
