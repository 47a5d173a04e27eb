/**
 * Mail in: one pipeline behind two doors (IMAP polling and POST /api/inbound/email). A raw
 * mail is parsed on a worker thread ({@link dev.helpdesk.inbound.MailParser}), classified
 * (never-a-ticket rules), threaded onto a ticket or made a new one through the ticket and
 * conversation services, and recorded in {@code inbound_mails} in the same transaction, which
 * is what makes it exactly once. Also the ticket's CCs and the web form for first contact.
 */
package dev.helpdesk.inbound;
