package dev.helpdesk.mail;

import dev.helpdesk.conversation.Message;
import dev.helpdesk.ticket.Ticket;

/** The words of each mail, as text and as escaped HTML. Nothing a user wrote reaches the HTML unescaped. */
public final class MailTemplates {

  private MailTemplates() {}

  public static Mail ticketCreated(Ticket t, String portalLink) {
    String text = "Hello " + t.requester().name() + ",\n\n"
        + "We have received your request and will get back to you soon.\n\n"
        + "  " + t.ref() + ": " + t.subject() + "\n\n"
        + "Follow it and add to it here:\n" + portalLink + "\n\n"
        + "This link signs you in; it works once and for a limited time.\n";
    String html = paragraph("Hello " + t.requester().name() + ",")
        + paragraph("We have received your request and will get back to you soon.")
        + "<p><strong>" + escape(t.ref()) + "</strong>: " + escape(t.subject()) + "</p>"
        + button("Follow your request", portalLink)
        + small("This link signs you in; it works once and for a limited time.");
    return new Mail(t.requester().email(), subject(t), text, wrap(html), t.id());
  }

  public static Mail publicReply(Ticket t, Message reply, String portalLink) {
    String author = reply.author() == null ? "Support" : reply.author().name();
    String text = "Hello " + t.requester().name() + ",\n\n"
        + author + " replied to your request " + t.ref() + " (" + t.subject() + "):\n\n"
        + reply.body() + "\n\n"
        + (reply.attachments().isEmpty() ? "" : ATTACHED_IN_PORTAL + attachmentNames(reply) + "\n\n")
        + ANSWER_HERE + portalLink + "\n";
    String html = paragraph("Hello " + t.requester().name() + ",")
        + paragraph(author + " replied to your request " + t.ref() + " (" + t.subject() + "):")
        + "<blockquote style=\"border-left:3px solid #ccc;margin:0;padding:0 12px\">" + MailMarkdown.html(reply.body())
        + QUOTE_END
        + (reply.attachments().isEmpty() ? ""
            : paragraph(ATTACHED_IN_PORTAL + attachmentNames(reply)))
        + button("Read and answer", portalLink);
    return new Mail(t.requester().email(), subject(t), text, wrap(html), t.id());
  }

  private static final String ANSWER_HERE = "Read the conversation and answer here:\n";
  private static final String ATTACHED_IN_PORTAL = "Attached in the portal: ";
  private static final String ATTACHED_TO_REPLY = "Attached to the reply: ";
  private static final String QUOTE_END = "</blockquote>";
  private static final String COPY_GREETING = "Hello,";
  private static final String COPY_NOTE = "You are in copy of this request: answer this mail to add to the conversation.";

  /**
   * The copy of a public reply for the ticket's CCs: the same words, without what is the
   * requester's own. The portal link signs its holder in as the requester (all their
   * requests), and CCs have no portal access: no link, "attached to the reply" rather than
   * "in the portal", and a neutral greeting (one mail goes to all the CCs). {@code reply} is
   * {@link #publicReply}'s mail, cut where its own parts are: its greeting is the first
   * paragraph, its link comes last, and the body's quote ends with the only
   * {@code </blockquote>} (what users wrote is escaped in the HTML), so the attachments line
   * and the last button after it are ours. Null for any other mail (none is a person's mail
   * about a ticket today): no copy rather than one with a link in it.
   */
  public static Mail publicReplyCopy(Mail reply, java.util.List<String> copies) {
    String text = reply.text();
    String html = reply.html();
    int inText = text.lastIndexOf(ANSWER_HERE);
    int greetingText = text.indexOf("\n\n");
    int greetingHtml = html.indexOf("<p>");
    int quoteEnd = html.lastIndexOf(QUOTE_END);
    int inHtml = html.lastIndexOf("<p><a href=\"");
    if (inText < 0 || greetingText < 0 || greetingText > inText || greetingHtml < 0 || quoteEnd < 0
        || inHtml < quoteEnd || copies.isEmpty()) {
      return null;
    }
    String textBody = text.substring(greetingText, inText);
    String htmlBody = html.substring(html.indexOf("</p>", greetingHtml) + 4, inHtml);
    String afterQuote = html.substring(quoteEnd + QUOTE_END.length(), inHtml);
    if (afterQuote.startsWith("<p>" + ATTACHED_IN_PORTAL)) {
      int line = textBody.lastIndexOf("\n\n" + ATTACHED_IN_PORTAL);
      textBody = textBody.substring(0, line + 2) + ATTACHED_TO_REPLY
          + textBody.substring(line + 2 + ATTACHED_IN_PORTAL.length());
      htmlBody = htmlBody.substring(0, htmlBody.length() - afterQuote.length()) + "<p>" + ATTACHED_TO_REPLY
          + afterQuote.substring(3 + ATTACHED_IN_PORTAL.length());
    }
    String copyText = COPY_GREETING + textBody + COPY_NOTE + "\n";
    String copyHtml = html.substring(0, greetingHtml) + paragraph(COPY_GREETING) + htmlBody + small(COPY_NOTE)
        + "</body></html>";
    return new Mail(copies.get(0), reply.subject(), copyText, copyHtml, reply.ticketId(), false,
        java.util.List.copyOf(copies.subList(1, copies.size())));
  }

  public static Mail assigned(Ticket t, String agentEmail, String actorName, String ticketUrl) {
    String text = t.assigneeName() + ",\n\n" + actorName + " assigned a ticket to you:\n\n"
        + "  " + t.ref() + ": " + t.subject() + "\n  Priority: " + t.priority().wire()
        + "\n  Requester: " + t.requester().name() + "\n\n" + ticketUrl + "\n";
    String html = paragraph(t.assigneeName() + ",") + paragraph(actorName + " assigned a ticket to you:")
        + "<p><strong>" + escape(t.ref()) + "</strong>: " + escape(t.subject()) + "<br>Priority: "
        + escape(t.priority().wire()) + "<br>Requester: " + escape(t.requester().name()) + "</p>"
        + button("Open the ticket", ticketUrl);
    return new Mail(agentEmail, subject(t), text, wrap(html), t.id());
  }

  public static Mail slaBreached(Ticket t, String agentEmail, String ticketUrl) {
    String text = t.assigneeName() + ",\n\nThe SLA of a ticket assigned to you is breached:\n\n"
        + "  " + t.ref() + ": " + t.subject() + "\n  Priority: " + t.priority().wire() + "\n\n" + ticketUrl + "\n";
    String html = paragraph(t.assigneeName() + ",") + paragraph("The SLA of a ticket assigned to you is breached:")
        + "<p><strong>" + escape(t.ref()) + "</strong>: " + escape(t.subject()) + "<br>Priority: "
        + escape(t.priority().wire()) + "</p>" + button("Open the ticket", ticketUrl);
    return new Mail(agentEmail, "SLA breached: " + subject(t), text, wrap(html), t.id());
  }

  /** Many tickets assigned at once: the first {@value #BULK_LISTED} listed, and a link to all of them. */
  public static Mail bulkAssigned(java.util.List<Ticket> tickets, String agentEmail, String actorName, String listUrl,
                                  String ticketUrlPrefix) {
    Ticket first = tickets.get(0);
    int n = tickets.size();
    StringBuilder text = new StringBuilder(first.assigneeName() + ",\n\n" + actorName + " assigned " + n
        + " tickets to you:\n\n");
    StringBuilder items = new StringBuilder();
    for (Ticket t : tickets.subList(0, Math.min(n, BULK_LISTED))) {
      text.append("  ").append(t.ref()).append(": ").append(t.subject().replaceAll("[\\r\\n]+", " "))
          .append(" (").append(t.priority().wire()).append(")\n");
      items.append("<li><a href=\"").append(escape(ticketUrlPrefix + t.ref())).append("\">").append(escape(t.ref()))
          .append("</a>: ").append(escape(t.subject())).append(" (").append(escape(t.priority().wire()))
          .append(")</li>");
    }
    if (n > BULK_LISTED) {
      text.append("  ... and ").append(n - BULK_LISTED).append(" more\n");
      items.append("<li>... and ").append(n - BULK_LISTED).append(" more</li>");
    }
    text.append("\nAll your tickets: ").append(listUrl).append("\n");
    String html = paragraph(first.assigneeName() + ",") + paragraph(actorName + " assigned " + n + " tickets to you:")
        + "<ul>" + items + "</ul>" + button("Open your tickets", listUrl);
    return new Mail(agentEmail, n + " tickets assigned to you by " + actorName.replaceAll("[\\r\\n]+", " "),
        text.toString(), wrap(html), null);
  }

  static final int BULK_LISTED = 50;

  public static Mail signInLink(String name, String email, String link) {
    String text = "Hello " + name + ",\n\nHere is your link to your support requests:\n" + link + "\n\n"
        + "It signs you in; it works once and for a limited time. If you did not ask for it, ignore this mail.\n";
    String html = paragraph("Hello " + name + ",") + paragraph("Here is your link to your support requests:")
        + button("Open my requests", link)
        + small("It signs you in; it works once and for a limited time. If you did not ask for it, ignore this mail.");
    return new Mail(email, "Your link to your support requests", text, wrap(html), null);
  }

  private static String attachmentNames(Message reply) {
    return String.join(", ", reply.attachments().stream().map(a -> a.filename()).toList());
  }

  static String subject(Ticket t) {
    return "[" + t.ref() + "] " + t.subject().replaceAll("[\\r\\n]+", " ");
  }

  /** {@code s} safe in HTML text and in a double- or single-quoted attribute. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String paragraph(String text) {
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>";
  }

  private static String button(String label, String url) {
    return "<p><a href=\"" + escape(url) + "\" style=\"display:inline-block;padding:8px 14px;background:#2357d9;"
        + "color:#fff;border-radius:6px;text-decoration:none\">" + escape(label) + "</a></p>";
  }

  private static String small(String text) {
    return "<p style=\"color:#666;font-size:12px\">" + escape(text) + "</p>";
  }

  private static String wrap(String body) {
    return "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;font-size:15px;color:#222\">"
        + body + "</body></html>";
  }
}
