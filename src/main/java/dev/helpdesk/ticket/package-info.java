/**
 * Tickets: their record and enums, reads (SQL), the service and routes, merges, history,
 * auto-close and workload. Changes are planned and written by the one write path
 * ({@code dev.helpdesk.writes}) through the {@link dev.helpdesk.ticket.TicketWrites} port.
 */
package dev.helpdesk.ticket;
