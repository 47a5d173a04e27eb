package dev.helpdesk.export;

import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.ticket.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Tickets as RFC 4180 CSV rows (CRLF, fields quoted when they hold a comma, a quote or a
 * line break). Text a person wrote that starts like a spreadsheet formula (= + - @, tab,
 * carriage return) gets a leading apostrophe, so opening the file in a spreadsheet never
 * runs it (OWASP's advice against CSV injection).
 */
public final class TicketCsv {

  static final List<String> HEADER = List.of("Ref", "Subject", "Status", "Priority", "Category", "Channel",
      "Requester", "Requester email", "Agent", "Tags", "Due", "Created", "Updated", "SLA");

  private static final CSVFormat FORMAT = CSVFormat.RFC4180;

  private TicketCsv() {}

  public static String header() {
    return print(HEADER);
  }

  /** The rows of {@code tickets}, each ended by CRLF. */
  public static String rows(List<Ticket> tickets, SlaClock clock) {
    StringBuilder out = new StringBuilder(tickets.size() * 200);
    try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
      for (Ticket t : tickets) {
        printer.printRecord(t.ref(), safe(t.subject()), t.status().wire(), t.priority().wire(), t.category().wire(),
            t.channel().wire(), safe(t.requester().name()), safe(t.requester().email()), safe(t.assigneeName()),
            safe(String.join(", ", t.tags())), time(t.dueAt()), time(t.createdAt()), time(t.updatedAt()),
            clock.view(t.slaFacts(), t.slaMarks()).state().wire());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static String print(List<String> values) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
      printer.printRecord(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Neutralises a leading formula character in free text. */
  static String safe(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    char first = text.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
        ? "'" + text : text;
  }

  private static String time(Instant instant) {
    return instant == null ? "" : instant.toString();
  }
}
