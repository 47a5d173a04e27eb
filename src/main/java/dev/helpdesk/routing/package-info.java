/**
 * Routing rules: an ordered list kept in memory on every instance; the first active rule
 * whose every condition holds decides a new ticket's agent, priority and extra tags, in the
 * ticket's own transaction ({@link dev.helpdesk.routing.Routing#decide}), called from the one
 * create hook of {@link dev.helpdesk.ticket.TicketService}.
 */
package dev.helpdesk.routing;
