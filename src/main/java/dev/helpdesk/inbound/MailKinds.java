package dev.helpdesk.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The header rules that tell an auto-reply, bulk mail or bounce from a person's mail (RFC 3834, RFC 3464). */
final class MailKinds {

  private static final Pattern FINAL_RECIPIENT = Pattern.compile("(?im)^(?:Final|Original)-Recipient:\\s*(?:rfc822;)?\\s*<?([^\\s<>;]+@[^\\s<>;]+)>?");
  private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^Diagnostic-Code:\\s*(?:[a-z0-9-]+;)?\\s*(.+(?:\\n[ \\t].+)*)");
  private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d{1,3}\\.\\d{1,3})");
  private static final Pattern ANY_ADDRESS = Pattern.compile("<?([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,})>?");

  private MailKinds() {}

  /** Why this mail is automatic (and must neither become a ticket nor be answered), or null for a person's mail. */
  static String autoReason(MimeMessage m) throws MessagingException {
    String autoSubmitted = header(m, "Auto-Submitted");
    if (autoSubmitted != null && !autoSubmitted.toLowerCase(Locale.ROOT).startsWith("no")) {
      return "auto-reply (Auto-Submitted: " + autoSubmitted + ")";
    }
    String precedence = header(m, "Precedence");
    if (precedence != null && List.of("bulk", "junk", "list", "auto_reply").contains(precedence.toLowerCase(Locale.ROOT))) {
      return "bulk mail (Precedence: " + precedence + ")";
    }
    if (header(m, "X-Autoreply") != null || header(m, "X-Autorespond") != null) {
      return "auto-reply (X-Autoreply)";
    }
    String suppress = header(m, "X-Auto-Response-Suppress");
    if (suppress != null && suppress.toLowerCase(Locale.ROOT).contains("all")) {
      return "auto-reply (X-Auto-Response-Suppress: " + suppress + ")";
    }
    if (header(m, "List-Id") != null || header(m, "List-Unsubscribe") != null) {
      return "bulk mail (mailing list)";
    }
    return null;
  }

  /** A delivery report, or null. The original is found by the Message-ID the report quotes. */
  static ParsedMail.Bounce bounce(MimeMessage m, ParsedMail.Address from, byte[] raw, CharSequence report)
      throws MessagingException {
    String type = m.getContentType() == null ? "" : m.getContentType().toLowerCase(Locale.ROOT);
    boolean dsn = type.startsWith("multipart/report") && type.contains("delivery-status");
    String local = from.email().substring(0, from.email().indexOf('@'));
    boolean daemon = local.equals("mailer-daemon") || local.equals("postmaster");
    if (!dsn && !daemon) {
      return null;
    }
    String text = (report.length() > 0 ? report.toString()
        : new String(raw, 0, Math.min(raw.length, 200_000), StandardCharsets.ISO_8859_1)).replace("\r\n", "\n");
    String recipient = find(FINAL_RECIPIENT, text);
    if (recipient == null) {
      // a daemon's plain-text bounce: the first address in the body that is not the daemon
      Matcher a = ANY_ADDRESS.matcher(new String(raw, MailParser.headerLength(raw),
          Math.min(raw.length - MailParser.headerLength(raw), 50_000), StandardCharsets.ISO_8859_1));
      while (a.find() && recipient == null) {
        String candidate = a.group(1).toLowerCase(Locale.ROOT);
        if (!candidate.equals(from.email())) {
          recipient = candidate;
        }
      }
    }
    String reason = find(DIAGNOSTIC, text);
    if (reason == null) {
      String status = find(STATUS, text);
      reason = status == null ? "the receiving server gave no reason" : "status " + status;
    }
    reason = reason.replaceAll("\\s+", " ").strip();
    List<String> quoted = MailParser.quotedMessageIds(text);
    String original = quoted.isEmpty() ? MailParser.firstId(header(m, "In-Reply-To")) : quoted.get(0);
    return new ParsedMail.Bounce(recipient == null ? "unknown recipient" : recipient, MailParser.clip(reason, 500),
        original);
  }

  private static String find(Pattern p, String text) {
    Matcher matcher = p.matcher(text);
    return matcher.find() ? matcher.group(1).strip() : null;
  }

  private static String header(MimeMessage m, String name) throws MessagingException {
    String value = m.getHeader(name, ",");
    return value == null || value.isBlank() ? null : value.strip();
  }
}
