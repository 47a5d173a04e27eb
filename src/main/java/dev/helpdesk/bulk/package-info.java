/**
 * Changing many tickets at once: POST /api/tickets/bulk sets status, priority, category
 * or agent (or deletes) for a list of ids or everything a query matches, in short
 * transactions of a few hundred tickets, each ticket with its system messages and events
 * exactly as a single change writes them.
 */
package dev.helpdesk.bulk;
