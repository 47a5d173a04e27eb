package dev.helpdesk.macro;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.ticket.Ticket;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {{requester.name}}}, {@code {{ticket.ref}}}, {@code {{ticket.subject}}} and {@code {{agent.name}}} in a macro's body. */
final class Placeholders {

  static final Set<String> KNOWN = Set.of("requester.name", "ticket.ref", "ticket.subject", "agent.name");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  private Placeholders() {}

  /** The placeholders in a body that are not known (a macro with one is refused when saved). */
  static Set<String> unknown(String body) {
    Set<String> bad = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(body);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        bad.add(m.group(1));
      }
    }
    return bad;
  }

  /** The body with each placeholder filled for this ticket and agent; the values are text, never read again. */
  static String fill(String body, Ticket t, Caller agent) {
    Matcher m = PLACEHOLDER.matcher(body);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = switch (m.group(1)) {
        case "requester.name" -> t.requester().name();
        case "ticket.ref" -> t.ref();
        case "ticket.subject" -> t.subject();
        case "agent.name" -> agent.name();
        default -> m.group();
      };
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
