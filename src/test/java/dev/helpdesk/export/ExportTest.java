package dev.helpdesk.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** CSV and PDF exports: everything that matches, quoted right, any script, and only what the caller may see. */
class ExportTest {

  private final TestApp app = TestApp.get();

  @Test
  void csvQuotesCommasQuotesLineBreaksAndKeepsUnicode() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject contact = Fixtures.contact(admin, "Zoë, \"the\" Customer");
    List<String> subjects = List.of("Printer, scanner and fax", "The \"big\" one", "Line one\nline two",
        "Принтер не печатает", "打印机无法工作", "=HYPERLINK(\"http://evil\")");
    for (String subject : subjects) {
      Fixtures.ticket(admin, subject, contact);
    }

    HttpResponse<byte[]> r = admin.download("/api/tickets/export.csv?sort=created");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment; filename=\"tickets-");
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(text).contains("\r\n").contains("\"Printer, scanner and fax\"").contains("\"The \"\"big\"\" one\"");
    List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(text)).getRecords();
    assertThat(records).hasSize(subjects.size());
    assertThat(records.stream().map(rec -> rec.get("Subject")).toList()).containsExactly(
        "Printer, scanner and fax", "The \"big\" one", "Line one\nline two", "Принтер не печатает", "打印机无法工作",
        "'=HYPERLINK(\"http://evil\")");
    CSVRecord first = records.get(0);
    assertThat(first.get("Ref")).isEqualTo("TKT-001");
    assertThat(first.get("Requester")).isEqualTo("Zoë, \"the\" Customer");
    assertThat(first.get("Status")).isEqualTo("open");
    assertThat(first.get("Tags")).isEqualTo("test");
    assertThat(first.get("SLA")).isEqualTo("ok");
  }

  @Test
  void csvHasEveryMatchingTicketNotJustAPage() throws Exception {
    app.reset();
    Api admin = app.admin();
    long contact = Fixtures.contact(admin, "Many").getLong("id");
    app.execute("INSERT INTO tickets (subject, priority, category, channel, requester_contact_id, sla_first_due_at,"
        + " sla_resolution_due_at, sla_warn_at, sla_breach_at) SELECT CASE WHEN g % 2 = 0 THEN 'Even ' ELSE 'Odd ' END"
        + " || g, 'low', 'general', 'web', " + contact + ", now() + interval '1 day', now() + interval '7 days',"
        + " now() + interval '18 hours', now() + interval '1 day' FROM generate_series(1, 2500) g");

    String text = new String(admin.download("/api/tickets/export.csv?q=even").body(), StandardCharsets.UTF_8);

    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(text))) {
      List<CSVRecord> records = parser.getRecords();
      assertThat(records).hasSize(1250);
      assertThat(records.stream().map(rec -> rec.get("Ref")).distinct().count()).isEqualTo(1250);
      assertThat(records).allSatisfy(rec -> assertThat(rec.get("Subject")).startsWith("Even "));
    }
  }

  @Test
  void aRequestersExportHoldsOnlyTheirOwnTickets() throws Exception {
    app.reset();
    Api admin = app.admin();
    JsonObject rita = Fixtures.user(admin, "Rita Export", "requester");
    JsonObject other = Fixtures.contact(admin, "Someone Else");
    Fixtures.check(admin.post("/api/tickets", Fixtures.ticketBody("Rita's printer", "user", rita.getLong("id"))), 201);
    Fixtures.ticket(admin, "Someone else's printer", other);
    Api asRita = Fixtures.login(app, rita);

    String csv = new String(asRita.download("/api/tickets/export.csv?q=printer").body(), StandardCharsets.UTF_8);
    assertThat(csv).contains("Rita's printer").doesNotContain("Someone else");
    try (PDDocument pdf = Loader.loadPDF(asRita.download("/api/tickets/export.pdf").body())) {
      assertThat(new PDFTextStripper().getText(pdf)).contains("Rita's printer").doesNotContain("Someone else");
    }
  }

  @Test
  void pdfIsAPagedTableWithTheFilterTheTimeAndPageNumbersInAnyScript() throws Exception {
    app.reset();
    Api admin = app.admin();
    long contact = Fixtures.contact(admin, "Пётр Иванов").getLong("id");
    app.execute("INSERT INTO tickets (subject, priority, category, channel, requester_contact_id, sla_first_due_at,"
        + " sla_resolution_due_at, sla_warn_at, sla_breach_at) SELECT CASE g % 3 WHEN 0 THEN 'Принтер не печатает '"
        + " WHEN 1 THEN '打印机无法工作 ' ELSE 'Printer jams ' END || g, 'high', 'technical', 'email', " + contact
        + ", now() + interval '1 day', now() + interval '7 days', now() + interval '18 hours', now() + interval '1 day'"
        + " FROM generate_series(1, 120) g");

    HttpResponse<byte[]> r = admin.download("/api/tickets/export.pdf?sort=created&q="
        + URLEncoder.encode("priority:high", StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
    try (PDDocument pdf = Loader.loadPDF(r.body())) {
      int pages = pdf.getNumberOfPages();
      assertThat(pages).isGreaterThan(2);
      String text = new PDFTextStripper().getText(pdf);
      assertThat(text).contains("Filter: priority:high").contains("Exported ").contains("UTC")
          .contains("Page 1 of " + pages).contains("Page " + pages + " of " + pages)
          .contains("Принтер не печатает 3").contains("打印机无法工作 1").contains("Printer jams 2")
          .contains("Пётр Иванов").contains("TKT-120");
    }
  }

  @Test
  void exportsRefuseABadFilterBeforeSendingAnything() {
    app.reset();
    Api admin = app.admin();
    assertThat(admin.get("/api/tickets/export.csv?q=colour:red").status()).isEqualTo(400);
    assertThat(admin.get("/api/tickets/export.pdf?sort=sideways").status()).isEqualTo(400);
    assertThat(app.anonymous().get("/api/tickets/export.csv").status()).isEqualTo(401);
  }
}
