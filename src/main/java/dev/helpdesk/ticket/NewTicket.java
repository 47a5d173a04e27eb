package dev.helpdesk.ticket;

import java.time.Instant;
import java.util.List;

/** A validated request to create a ticket. */
public record NewTicket(String subject, String description, Priority priority, Category category, Channel channel,
                        Long requesterContactId, Long requesterUserId, Long assigneeId, List<String> tags,
                        Instant dueAt) {}
