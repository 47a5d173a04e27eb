package dev.helpdesk.inbound;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own mails: every mail the service sends has the Message-ID {@code <outbox-N@domain>}
 * (dev.helpdesk.mail.MailSender), N being its outbox row, so a reference to it names the ticket.
 */
final class OwnMail {

  private static final Pattern OUTBOX_ID = Pattern.compile("^<outbox-(\\d{1,18})@([^>]+)>$");

  private OwnMail() {}

  /** The outbox row a Message-ID of ours names, or null for anyone else's. */
  static Long outboxId(String messageId, String ourDomain) {
    if (messageId == null) {
      return null;
    }
    Matcher m = OUTBOX_ID.matcher(messageId.toLowerCase(Locale.ROOT));
    return m.matches() && m.group(2).equals(ourDomain) ? Long.parseLong(m.group(1)) : null;
  }

  static String domain(String address) {
    return address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT);
  }
}
