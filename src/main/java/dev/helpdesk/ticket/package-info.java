/** Tickets: their record, SQL, changes with system messages and events, merges, history, auto-close and workload. */
package dev.helpdesk.ticket;
