package dev.helpdesk.export;

import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.ticket.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A paged PDF table of tickets: the filter and the export time at the top of the first
 * page, the column heads on every page, "Page n of N" at the foot. Blocking: build it on
 * a worker thread, batch by batch ({@link #add}), then {@link #finish}. The document's
 * streams live in a temporary file (PDFBox's temp-file stream cache), so memory stays
 * bounded whatever the number of pages. Text is set in DejaVu Sans (Latin, Greek,
 * Cyrillic and more) with Droid Sans Fallback for what it lacks (Chinese, Japanese,
 * Korean); both are embedded as subsets, so the file renders the same everywhere.
 */
public final class TicketPdf implements AutoCloseable {

  private static final PDRectangle PAGE = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
  private static final float MARGIN = 36;
  private static final float SIZE = 8.5f;
  private static final float ROW = 13;
  private static final String[] HEADS = {"Ref", "Subject", "Requester", "Status", "Priority", "Category", "Agent",
      "Updated"};
  private static final float[] WIDTHS = {70, 232, 100, 66, 52, 78, 84, 88};
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final PDDocument doc;
  private final TrueTypeFont mainTtf;
  private final TrueTypeFont fallbackTtf;
  private final Text text;
  private final SlaClock clock;
  private final String title;
  private PDPageContentStream page;
  private float y;
  private int rows;

  /** Starts the document with its heading: what was filtered, when, by whom. */
  public TicketPdf(String filter, Instant exportedAt, String by, SlaClock clock) {
    this.clock = clock;
    this.title = "Tickets exported " + MINUTE.format(exportedAt);
    try {
      doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache());
      mainTtf = Fonts.MAIN;
      fallbackTtf = Fonts.FALLBACK;
      text = new Text(PDType0Font.load(doc, mainTtf, true), mainTtf.getUnicodeCmapLookup(),
          PDType0Font.load(doc, fallbackTtf, true), fallbackTtf.getUnicodeCmapLookup());
      newPage();
      y -= 4;
      text.show(page, "Tickets", MARGIN, y, 15, Float.MAX_VALUE);
      y -= 17;
      text.show(page, "Filter: " + filter, MARGIN, y, 9.5f, PAGE.getWidth() - 2 * MARGIN);
      y -= 13;
      text.show(page, "Exported " + MINUTE.format(exportedAt) + " by " + by, MARGIN, y, 9.5f,
          PAGE.getWidth() - 2 * MARGIN);
      y -= 10;
      heads();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fonts, parsed once per process (the fallback alone is 4 MB) and never closed.
   * PDFBox fonts are not thread-safe: every TicketPdf is built on the one PDF worker thread
   * ({@code Workers.pdf}).
   */
  private static final class Fonts {
    static final TrueTypeFont MAIN = load("/fonts/DejaVuSans.ttf");
    static final TrueTypeFont FALLBACK = load("/fonts/DroidSansFallbackFull.ttf");

    private static TrueTypeFont load(String resource) {
      try {
        return font(resource);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static TrueTypeFont font(String resource) throws IOException {
    try (InputStream in = TicketPdf.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("font " + resource + " is missing from the classpath");
      }
      return new TTFParser().parse(new RandomAccessReadBuffer(in));
    }
  }

  /** Adds one row per ticket, starting new pages as needed. */
  public void add(List<Ticket> tickets) {
    try {
      for (Ticket t : tickets) {
        if (y - ROW < MARGIN + 16) {
          newPage();
          heads();
        }
        y -= ROW;
        if (rows++ % 2 == 1) {
          page.setNonStrokingColor(0.95f, 0.96f, 0.98f);
          page.addRect(MARGIN, y - 3.5f, PAGE.getWidth() - 2 * MARGIN, ROW);
          page.fill();
          page.setNonStrokingColor(0f, 0f, 0f);
        }
        cells(t.ref(), t.subject(), t.requester().name(), label(t.status().wire()), t.priority().wire(),
            label(t.category().wire()), t.assigneeName() == null ? "—" : t.assigneeName(),
            MINUTE.format(t.updatedAt()).replace(" UTC", ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int rows() {
    return rows;
  }

  /** A note under the last row (e.g. that the table was cut short). */
  public void note(String note) {
    try {
      y -= ROW * 1.5f;
      text.show(page, note, MARGIN, y, SIZE, PAGE.getWidth() - 2 * MARGIN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Numbers the pages, writes the file and closes the document. */
  public Path finish() {
    try {
      if (rows == 0) {
        note("No tickets match this filter.");
      }
      page.close();
      page = null;
      int total = doc.getNumberOfPages();
      int n = 0;
      for (PDPage p : doc.getPages()) {
        n++;
        try (PDPageContentStream foot = new PDPageContentStream(doc, p, PDPageContentStream.AppendMode.APPEND, true,
            true)) {
          foot.setNonStrokingColor(0.35f, 0.35f, 0.35f);
          text.show(foot, title, MARGIN, MARGIN - 12, 7.5f, 400);
          String number = "Page " + n + " of " + total;
          text.show(foot, number, PAGE.getWidth() - MARGIN - text.width(number, 7.5f), MARGIN - 12, 7.5f, 200);
        }
      }
      Path file = Files.createTempFile("helpdesk-export-", ".pdf");
      doc.save(file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    try {
      if (page != null) {
        page.close();
        page = null;
      }
      if (doc != null) {
        doc.close();
      }
    } catch (IOException e) {
      // closing a temporary document: nothing left to save
    }
  }

  private void newPage() throws IOException {
    if (page != null) {
      page.close();
    }
    PDPage p = new PDPage(PAGE);
    doc.addPage(p);
    page = new PDPageContentStream(doc, p);
    y = PAGE.getHeight() - MARGIN;
  }

  private void heads() throws IOException {
    y -= ROW + 2;
    page.setNonStrokingColor(0.88f, 0.9f, 0.94f);
    page.addRect(MARGIN, y - 4, PAGE.getWidth() - 2 * MARGIN, ROW + 1);
    page.fill();
    page.setNonStrokingColor(0f, 0f, 0f);
    cells(HEADS);
  }

  private void cells(String... values) throws IOException {
    float x = MARGIN + 3;
    for (int i = 0; i < values.length; i++) {
      text.show(page, values[i] == null ? "" : values[i], x, y, SIZE, WIDTHS[i] - 6);
      x += WIDTHS[i];
    }
  }

  private static String label(String wire) {
    String words = wire.replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** Sets text in the main font, switching to the fallback font for characters it lacks; cuts it to a width. */
  private record Text(PDType0Font main, CmapLookup mainCmap, PDType0Font fallback, CmapLookup fallbackCmap,
                      Map<Integer, Float> widths) {

    Text(PDType0Font main, CmapLookup mainCmap, PDType0Font fallback, CmapLookup fallbackCmap) {
      this(main, mainCmap, fallback, fallbackCmap, new HashMap<>());
    }

    void show(PDPageContentStream out, String raw, float x, float y, float size, float maxWidth) throws IOException {
      String s = fit(clean(raw), size, maxWidth);
      out.beginText();
      out.newLineAtOffset(x, y);
      int i = 0;
      while (i < s.length()) {
        boolean useMain = hasMain(s.codePointAt(i));
        int j = i;
        while (j < s.length() && hasMain(s.codePointAt(j)) == useMain) {
          j += Character.charCount(s.codePointAt(j));
        }
        out.setFont(useMain ? main : fallback, size);
        out.showText(s.substring(i, j));
        i = j;
      }
      out.endText();
    }

    float width(String s, float size) throws IOException {
      float w = 0;
      for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
        w += glyphWidth(s.codePointAt(i));
      }
      return w / 1000 * size;
    }

    /** The advance of one character in text space units, measured once per document. */
    private float glyphWidth(int cp) throws IOException {
      Float known = widths.get(cp);
      if (known == null) {
        known = (hasMain(cp) ? main : fallback).getStringWidth(new String(Character.toChars(cp)));
        widths.put(cp, known);
      }
      return known;
    }

    private String fit(String s, float size, float maxWidth) throws IOException {
      if (width(s, size) <= maxWidth) {
        return s;
      }
      float budget = maxWidth - width("…", size);
      StringBuilder out = new StringBuilder();
      float w = 0;
      for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
        String c = new String(Character.toChars(s.codePointAt(i)));
        w += width(c, size);
        if (w > budget) {
          break;
        }
        out.append(c);
      }
      return out.append('…').toString();
    }

    private boolean hasMain(int cp) {
      return mainCmap.getGlyphId(cp) != 0;
    }

    /** Line breaks and other controls become spaces; characters neither font has become '?'. */
    private String clean(String s) {
      StringBuilder out = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
        int cp = s.codePointAt(i);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
          out.append(' ');
        } else if (mainCmap.getGlyphId(cp) != 0 || fallbackCmap.getGlyphId(cp) != 0) {
          out.appendCodePoint(cp);
        } else {
          out.append('?');
        }
      }
      return out.toString();
    }
  }
}
