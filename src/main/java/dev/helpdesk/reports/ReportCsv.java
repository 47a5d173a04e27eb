package dev.helpdesk.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A report as CSV (RFC 4180, CRLF): one line per row, then the totals; labels guarded against formulas. */
final class ReportCsv {

  static final String[] HEADER = {"key", "label", "created", "resolved", "firstResponseMedianSeconds",
      "resolutionMedianSeconds", "slaMetPercent", "satisfactionPercent", "ratings", "good", "bad", "backlog"};

  private ReportCsv() {}

  static String write(Report report) {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
      for (Report.Line line : report.rows()) {
        print(csv, line);
      }
      print(csv, report.totals());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void print(CSVPrinter csv, Report.Line l) throws IOException {
    csv.printRecord(safe(l.key()), safe(l.label()), l.created(), l.resolved(), blank(l.firstResponseMedianSeconds()),
        blank(l.resolutionMedianSeconds()), blank(l.slaMetPercent()), blank(l.satisfactionPercent()), l.ratings(),
        l.good(), l.bad(), l.backlog());
  }

  private static Object blank(Object value) {
    return value == null ? "" : value;
  }

  /** An agent's name starting with = + - @ would run as a formula in a spreadsheet. */
  private static String safe(String text) {
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
  }
}
