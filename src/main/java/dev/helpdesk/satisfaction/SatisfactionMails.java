package dev.helpdesk.satisfaction;

import dev.helpdesk.mail.Mail;
import dev.helpdesk.ticket.Ticket;

/** The words of the satisfaction mails, as text and as escaped HTML. */
final class SatisfactionMails {

  private SatisfactionMails() {}

  /** Sent when a ticket becomes resolved: two links, Good and Bad, each opening the rating page. */
  static Mail howDidWeDo(Ticket t, String goodLink, String badLink) {
    String text = "Hello " + t.requester().name() + ",\n\n"
        + "Your request " + t.ref() + " (" + oneLine(t.subject()) + ") is resolved.\n\n"
        + "How did we do?\n\n"
        + "  Good: " + goodLink + "\n"
        + "  Bad:  " + badLink + "\n\n"
        + "Each link opens a page with your choice made: add a comment if you like and press \"Send my rating\".\n"
        + "The links work once, for 14 days.\n"
        + "If something is still wrong, just answer this mail or reply in the portal and we will reopen it.\n";
    String html = p("Hello " + t.requester().name() + ",")
        + p("Your request " + t.ref() + " (" + t.subject() + ") is resolved.")
        + "<p style=\"font-size:17px\"><strong>How did we do?</strong></p>"
        + "<p>" + button("\uD83D\uDC4D Good", goodLink, "#1f7a3d") + " &nbsp; "
        + button("\uD83D\uDC4E Bad", badLink, "#b42318") + "</p>"
        + "<p style=\"color:#666;font-size:12px\">" + escape("Each link opens a page with your choice made: add a comment if "
        + "you like and press \"Send my rating\". The links work once, for 14 days.") + "</p>";
    return new Mail(t.requester().email(), "How did we do? [" + t.ref() + "] " + oneLine(t.subject()), text,
        wrap(html), t.id());
  }

  /** Sent to the assignee of a ticket rated bad. */
  static Mail badRating(Ticket t, String agentEmail, Rating rating, String ticketUrl) {
    String comment = rating.comment() == null || rating.comment().isBlank() ? "(no comment)" : rating.comment();
    String name = t.assigneeName() == null ? "Hello" : t.assigneeName();
    String text = name + ",\n\n" + t.requester().name() + " rated " + t.ref() + " (" + oneLine(t.subject())
        + ") as Bad.\n\nTheir comment:\n" + comment + "\n\n" + ticketUrl + "\n";
    String html = p(name + ",") + p(t.requester().name() + " rated " + t.ref() + " (" + t.subject() + ") as Bad.")
        + "<blockquote style=\"border-left:3px solid #ccc;margin:0;padding:0 12px\">" + p(comment) + "</blockquote>"
        + "<p>" + button("Open the ticket", ticketUrl, "#2357d9") + "</p>";
    return new Mail(agentEmail, "Rated bad: [" + t.ref() + "] " + oneLine(t.subject()), text, wrap(html), t.id());
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }

  private static String p(String text) {
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>";
  }

  private static String button(String label, String url, String colour) {
    return "<a href=\"" + escape(url) + "\" style=\"display:inline-block;padding:10px 18px;background:" + colour
        + ";color:#fff;border-radius:6px;text-decoration:none\">" + escape(label) + "</a>";
  }

  private static String wrap(String body) {
    return "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;font-size:15px;color:#222\">"
        + body + "</body></html>";
  }

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
}
