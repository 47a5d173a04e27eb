package dev.helpdesk.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new text of a reply: quoted history ({@code > } lines, "On … wrote:" in several
 * languages, Outlook's "From: … Sent: …" block, "-----Original Message-----") and a trailing
 * signature ({@code -- }) are cut. A forwarded mail's content is not quoted history and is kept.
 * When nothing would be left, the whole text is kept.
 */
public final class QuoteCutter {

  private static final Pattern ATTRIBUTION = Pattern.compile(
      "^(On\\s.{1,300}\\swrote:|Am\\s.{1,300}\\sschrieb.{0,100}:|Le\\s.{1,300}\\sa\\s[ée]crit\\s?:|El\\s.{1,300}\\sescribi[óo]:"
          + "|Op\\s.{1,300}\\sschreef.{0,100}:|Il\\s.{1,300}\\sha\\sscritto:|.{1,200}\\s<[^>]+@[^>]+>\\s(wrote|schrieb):)\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ORIGINAL = Pattern.compile(
      "^\\s*-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\\s*-{2,}\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern OUTLOOK_FROM = Pattern.compile("^\\*?(From|Von|De|Da):\\*?\\s.+", Pattern.CASE_INSENSITIVE);
  private static final Pattern OUTLOOK_NEXT = Pattern.compile("^\\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|To|An|À|Subject|Betreff):\\*?\\s.*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern FORWARD = Pattern.compile(
      "^\\s*(-{5,}\\s*Forwarded message\\s*-{5,}|Begin forwarded message:|-{5,}\\s*Weitergeleitete Nachricht\\s*-{5,})\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern UNDERSCORES = Pattern.compile("^_{20,}\\s*$");

  private QuoteCutter() {}

  /** The new text, and whether anything was cut. */
  public record Cut(String text, boolean cut) {}

  public static Cut cut(String full) {
    String[] lines = full.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    int end = historyStart(lines);
    List<String> kept = new ArrayList<>();
    boolean forwarded = false;
    for (int i = 0; i < end; i++) {
      String line = lines[i];
      if (FORWARD.matcher(line).matches()) {
        forwarded = true;
      }
      if (!forwarded && line.startsWith(">")) {
        continue;
      }
      kept.add(line);
    }
    int signature = -1;
    for (int i = 0; i < kept.size(); i++) {
      if (kept.get(i).equals("-- ") || kept.get(i).equals("--")) {
        signature = i;
      }
      if (FORWARD.matcher(kept.get(i)).matches()) {
        break;
      }
    }
    if (signature >= 0) {
      kept = kept.subList(0, signature);
    }
    String text = String.join("\n", kept).strip();
    if (text.isEmpty()) {
      return new Cut(full.strip(), false);
    }
    return new Cut(text, !text.equals(full.strip()));
  }

  /** The first line of quoted history, or the number of lines when there is none. */
  private static int historyStart(String[] lines) {
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (FORWARD.matcher(line).matches()) {
        return lines.length;
      }
      if (ORIGINAL.matcher(line).matches() || ATTRIBUTION.matcher(line).matches()) {
        return i;
      }
      // "On Tue, 3 Mar 2026 at 10:00, Bob Example <bob@x.test>\nwrote:" broken over two lines by the client
      if (i + 1 < lines.length && line.matches("(?i)^(On|Am|Le|El)\\s.{1,300}") && !line.endsWith(".")
          && ATTRIBUTION.matcher(line + " " + lines[i + 1].strip()).matches()) {
        return i;
      }
      if (OUTLOOK_FROM.matcher(line).matches() && followedByHeaders(lines, i)) {
        return i > 0 && UNDERSCORES.matcher(lines[i - 1]).matches() ? i - 1 : i;
      }
    }
    return lines.length;
  }

  private static boolean followedByHeaders(String[] lines, int i) {
    int seen = 0;
    for (int j = i + 1; j < Math.min(lines.length, i + 5); j++) {
      if (OUTLOOK_NEXT.matcher(lines[j].strip()).matches()) {
        seen++;
      }
    }
    return seen >= 2;
  }
}
