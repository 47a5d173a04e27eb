/**
 * The trash: a deleted ticket is kept whole (its rows and every row hanging off it, as JSON,
 * by the database functions of migration V40) for 30 days; staff list it, restore it, and
 * admins purge it. Ticket writes stay in TicketService: it calls {@link dev.helpdesk.trash.TrashHook}.
 */
package dev.helpdesk.trash;
