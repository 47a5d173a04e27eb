package dev.helpdesk.mail;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message body as mail HTML: the small Markdown subset the portal and the agent app show
 * ({@code webroot/shared/markdown.js}; change both together): {@code **bold**}, {@code *italic*},
 * {@code `code`}, {@code [words](https://…)}, bare {@code https://…} and {@code <https://…>} links
 * (http and https only). Nothing else is markup: lists and headings stay the text they are, as on
 * the web. Blank lines part paragraphs; a single line break stays a {@code <br>} (the web keeps
 * them with {@code white-space: pre-wrap}).
 *
 * <p>Safe by construction: the body is cut into pieces by the pattern, and every piece of it that
 * reaches the output (text, a label, a URL) goes through {@link MailTemplates#escape} on its way;
 * the only tags are the ones written here. HTML in a body is shown as text, never let through.
 */
final class MailMarkdown {

  private MailMarkdown() {}

  /** The same alternation as the web's, tried left to right at each position. */
  private static final Pattern INLINE = Pattern.compile(String.join("|",
      "`([^`\\n]+)`", // 1 code
      "\\*\\*(?=\\S)([^\\n]*?\\S)\\*\\*", // 2 bold
      "\\*(?=[^\\s*])([^*\\n]*?[^\\s*])\\*", // 3 italic
      "\\[([^\\]\\n]+)\\]\\((https?://[^\\s)]+)\\)", // 4 label, 5 url
      "(https?://[^\\s<>\"]*[^\\s<>\"().,;:!?'\\]])", // 6 bare url (trailing punctuation left out)
      "<(https?://[^\\s<>\"]+)>")); // 7 autolink <https://…>, shown without its brackets

  private static final Pattern PARAGRAPHS = Pattern.compile("\\n[ \\t]*\\n\\s*");

  /** {@code body} as paragraphs of escaped text and the subset's markup. */
  static String html(String body) {
    String text = body == null ? "" : body.replace("\r\n", "\n").replace('\r', '\n').strip();
    StringBuilder out = new StringBuilder(text.length() + 64);
    for (String paragraph : PARAGRAPHS.split(text)) {
      out.append("<p>");
      String[] lines = paragraph.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          out.append("<br>");
        }
        inline(lines[i], 0, out);
      }
      out.append("</p>");
    }
    return out.toString();
  }

  private static void inline(String text, int depth, StringBuilder out) {
    Matcher m = INLINE.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(MailTemplates.escape(text.substring(last, m.start())));
      last = m.end();
      if (m.group(1) != null) {
        out.append("<code style=\"font-family:monospace;background:#f2f2f2;padding:0 3px\">")
            .append(MailTemplates.escape(m.group(1))).append("</code>");
      } else if (m.group(2) != null) {
        out.append("<strong>");
        nested(m.group(2), depth, out);
        out.append("</strong>");
      } else if (m.group(3) != null) {
        out.append("<em>");
        nested(m.group(3), depth, out);
        out.append("</em>");
      } else if (m.group(4) != null) {
        link(m.group(5), m.group(4), m.group(), out);
      } else if (m.group(6) != null) {
        link(m.group(6), m.group(6), m.group(), out);
      } else {
        link(m.group(7), m.group(7), m.group(), out);
      }
    }
    out.append(MailTemplates.escape(text.substring(last)));
  }

  private static void nested(String text, int depth, StringBuilder out) {
    if (depth < 2) {
      inline(text, depth + 1, out);
    } else {
      out.append(MailTemplates.escape(text));
    }
  }

  /** A link when {@code url} is a well-formed http(s) URL with a host, else the matched text as it was. */
  private static void link(String url, String label, String matched, StringBuilder out) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
      out.append(MailTemplates.escape(matched));
      return;
    }
    out.append("<a href=\"").append(MailTemplates.escape(url)).append("\" rel=\"noopener noreferrer nofollow\">")
        .append(MailTemplates.escape(label)).append("</a>");
  }
}
