/** Outgoing mail: the outbox written in each change's transaction, templates, and the sender with retries. */
package dev.helpdesk.mail;
