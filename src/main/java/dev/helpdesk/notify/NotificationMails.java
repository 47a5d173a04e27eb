package dev.helpdesk.notify;

import dev.helpdesk.mail.Mail;
import dev.helpdesk.ticket.Ticket;

/** Mails for the kinds that had none before notifications: sent only to staff who turned them on. */
final class NotificationMails {

  private NotificationMails() {}

  static Mail of(NotificationKind kind, Ticket t, String name, String email, String link) {
    String what = switch (kind) {
      case REQUESTER_REPLIED -> t.requester().name() + " replied on a ticket assigned to you";
      case MENTIONED -> "You were mentioned in a note";
      case SLA_APPROACHING -> "The SLA of a ticket assigned to you is approaching";
      default -> kind.label();
    };
    String text = name + ",\n\n" + what + ":\n" + t.ref() + ": " + t.subject() + "\n\n" + link + "\n";
    String html = "<p>" + escape(name) + ",</p><p>" + escape(what) + ":</p><p><strong>" + escape(t.ref())
        + "</strong>: " + escape(t.subject()) + "</p><p><a href=\"" + escape(link) + "\">Open the ticket</a></p>";
    return new Mail(email, "[" + t.ref() + "] " + what, text, "<!doctype html><html><body>" + html + "</body></html>",
        t.id());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
