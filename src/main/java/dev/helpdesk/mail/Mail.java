package dev.helpdesk.mail;

import java.util.List;

/**
 * One outgoing mail with a text and an HTML part. {@code automatic}: sent by the service on
 * its own (Auto-Submitted: auto-generated); a person's public reply is not. {@code cc}: copies,
 * the ticket's CCs on a public reply.
 */
public record Mail(String to, String subject, String text, String html, Long ticketId, boolean automatic,
                   List<String> cc) {

  public Mail(String to, String subject, String text, String html, Long ticketId) {
    this(to, subject, text, html, ticketId, true, List.of());
  }

  public Mail personal(List<String> copies) {
    return new Mail(to, subject, text, html, ticketId, false, List.copyOf(copies));
  }
}
