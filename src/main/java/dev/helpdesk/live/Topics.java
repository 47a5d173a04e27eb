package dev.helpdesk.live;

import dev.helpdesk.ticket.Ticket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The topics a socket may follow: {@code tickets}, {@code ticket:TKT-017} and {@code wallboard}. */
final class Topics {

  /** Changes to tickets (kinds {@code ticket.*}) the viewer may see. */
  static final String TICKETS = "tickets";
  static final String WALLBOARD = "wallboard";

  static final String TICKET_PREFIX = "ticket:";
  private static final Pattern TICKET = Pattern.compile("^ticket:(?:TKT-)?0*(\\d{1,15})$", Pattern.CASE_INSENSITIVE);
  private static final Pattern REF = Pattern.compile("^(?:TKT-)?0*(\\d{1,15})$", Pattern.CASE_INSENSITIVE);

  private Topics() {}

  static String ticket(long ticketId) {
    return TICKET_PREFIX + Ticket.refOf(ticketId);
  }

  /** Whether events of this kind also go to the {@code tickets} topic. */
  static boolean inTicketList(String kind) {
    return kind.startsWith("ticket.");
  }

  /** The canonical spelling of a topic ({@code ticket:tkt-17} → {@code ticket:TKT-017}), or null if it is none. */
  static String canonical(String topic) {
    if (TICKETS.equals(topic) || WALLBOARD.equals(topic) || NotificationTopic.TOPIC.equals(topic)
        || CountsTopic.TOPIC.equals(topic)) {
      return topic;
    }
    Long id = ticketIdOf(topic);
    return id == null ? null : ticket(id);
  }

  /** The ticket id of a {@code ticket:} topic, else null. */
  static Long ticketIdOf(String topic) {
    Matcher m = TICKET.matcher(topic == null ? "" : topic);
    return m.matches() && Long.parseLong(m.group(1)) > 0 ? Long.parseLong(m.group(1)) : null;
  }

  /** A ticket ref as a client may write it ({@code TKT-17}, {@code 17}) to its id, else null. */
  static Long ticketIdOfRef(String ref) {
    Matcher m = REF.matcher(ref == null ? "" : ref);
    return m.matches() && Long.parseLong(m.group(1)) > 0 ? Long.parseLong(m.group(1)) : null;
  }
}
