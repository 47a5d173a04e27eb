/** The change log: every change to a ticket appends an event and notifies listeners, in one transaction. */
package dev.helpdesk.events;
