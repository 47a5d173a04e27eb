/** A ticket's thread: replies, internal notes, system messages, and attachments stored in chunks. */
package dev.helpdesk.conversation;
