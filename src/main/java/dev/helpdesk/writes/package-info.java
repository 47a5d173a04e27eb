/**
 * The one write path. Every change of a ticket (create from any door, PATCH, reply and
 * note, merge, bulk, delete, SLA announcements, auto-close, SLA re-targeting) is planned
 * here as a {@link dev.helpdesk.writes.ChangeSet}: the rows, history, thread messages,
 * events and outbox mails it makes. {@link dev.helpdesk.writes.RowWriter} alone knows how
 * they are written: a few set-based statements ({@code unnest}), sent pipelined in one
 * round trip. {@link dev.helpdesk.writes.GroupCommit} writes the changes that arrive while
 * a commit is in flight together in the next transaction, and answers each after commit
 * with its own outcome. Feature packages reach this through the ports they declare
 * ({@code ticket.TicketWrites}, {@code conversation.ThreadWrites}),
 * wired in {@code Services}, so no feature imports this package and this package imports
 * no feature's service: no import cycles. Later features add rows inside the same
 * transaction through a {@link dev.helpdesk.writes.WriteHook}.
 */
package dev.helpdesk.writes;
