/**
 * A ticket's thread: replies, internal notes, system messages, and attachments stored in
 * chunks. Posting goes through the one write path ({@link dev.helpdesk.conversation.ThreadWrites}).
 */
package dev.helpdesk.conversation;
