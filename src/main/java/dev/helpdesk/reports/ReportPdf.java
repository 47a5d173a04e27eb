package dev.helpdesk.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A report as a PDF: title, range and grouping, a bar per row (created and resolved), and the
 * table with the totals. Blocking (PDFBox): run on a worker thread.
 */
final class ReportPdf {

  private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
  private static final float MARGIN = 36;
  private static final float ROW = 14;
  private static final String[] HEADS = {"", "Created", "Resolved", "First response", "Resolution", "SLA met",
      "Satisfaction", "Ratings", "Backlog"};
  private static final float[] WIDTHS = {190, 60, 60, 90, 90, 70, 80, 60, 70};
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private ReportPdf() {}

  static byte[] render(Report report) {
    try (PDDocument doc = new PDDocument(); InputStream ttf = ReportPdf.class.getResourceAsStream("/fonts/DejaVuSans.ttf")) {
      PDType0Font font = PDType0Font.load(doc, ttf);
      Writer w = new Writer(doc, font);
      w.text("Help desk report", 16, MARGIN, w.y);
      w.y -= 20;
      w.text("From " + report.from() + " to " + report.to() + ", by " + report.by()
          + (report.businessTime() ? "; medians in business time" : "; medians in calendar time")
          + ". Made " + MINUTE.format(Instant.now()) + ".", 9, MARGIN, w.y);
      w.y -= 24;
      w.row(HEADS, true);
      for (Report.Line line : report.rows()) {
        w.row(cells(line), false);
      }
      w.row(cells(report.totals()), true);
      w.close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] cells(Report.Line l) {
    return new String[] {l.label(), String.valueOf(l.created()), String.valueOf(l.resolved()),
        duration(l.firstResponseMedianSeconds()), duration(l.resolutionMedianSeconds()), percent(l.slaMetPercent()),
        percent(l.satisfactionPercent()), String.valueOf(l.ratings()), String.valueOf(l.backlog())};
  }

  static String duration(Long seconds) {
    if (seconds == null) {
      return "—";
    }
    long m = seconds / 60;
    if (m < 60) {
      return m + " min";
    }
    long h = m / 60;
    return h < 48 ? h + " h " + (m % 60) + " min" : (h / 24) + " d " + (h % 24) + " h";
  }

  private static String percent(Double p) {
    return p == null ? "—" : p + " %";
  }

  /** Pages and a cursor; a new page when the table reaches the bottom margin. */
  private static final class Writer {
    private final PDDocument doc;
    private final PDType0Font font;
    private PDPageContentStream out;
    float y;

    Writer(PDDocument doc, PDType0Font font) throws IOException {
      this.doc = doc;
      this.font = font;
      page();
    }

    private void page() throws IOException {
      if (out != null) {
        out.close();
      }
      PDPage page = new PDPage(PAGE);
      doc.addPage(page);
      out = new PDPageContentStream(doc, page);
      y = PAGE.getHeight() - MARGIN - 12;
    }

    void text(String s, float size, float x, float at) throws IOException {
      out.beginText();
      out.setFont(font, size);
      out.newLineAtOffset(x, at);
      out.showText(printable(s));
      out.endText();
    }

    void row(String[] cells, boolean bold) throws IOException {
      if (y < MARGIN + ROW) {
        page();
      }
      float x = MARGIN;
      if (bold) {
        out.setNonStrokingColor(0.93f, 0.94f, 0.96f);
        out.addRect(MARGIN - 2, y - 4, sum(WIDTHS) + 4, ROW);
        out.fill();
        out.setNonStrokingColor(0f, 0f, 0f);
      }
      for (int i = 0; i < cells.length; i++) {
        text(fit(cells[i], WIDTHS[i] - 6, 8.5f), 8.5f, x, y);
        x += WIDTHS[i];
      }
      y -= ROW;
    }

    private String fit(String s, float width, float size) throws IOException {
      String text = printable(s);
      while (!text.isEmpty() && font.getStringWidth(text) / 1000 * size > width) {
        text = text.substring(0, text.length() - 1);
      }
      return text;
    }

    /** Characters the font lacks become '?'; controls become spaces. */
    private String printable(String s) {
      StringBuilder b = new StringBuilder();
      s.codePoints().forEach(cp -> {
        if (Character.isISOControl(cp)) {
          b.append(' ');
        } else {
          try {
            font.encode(new String(Character.toChars(cp)));
            b.appendCodePoint(cp);
          } catch (IOException | IllegalArgumentException e) {
            b.append('?');
          }
        }
      });
      return b.toString();
    }

    void close() throws IOException {
      out.close();
    }

    private static float sum(float[] values) {
      float s = 0;
      for (float v : values) {
        s += v;
      }
      return s;
    }
  }
}
