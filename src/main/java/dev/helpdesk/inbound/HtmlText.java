package dev.helpdesk.inbound;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * An HTML mail part as plain text: block elements end lines, links keep their address,
 * quoted blocks (blockquote, Gmail's and Outlook's quote containers) become {@code > } lines
 * so that {@link QuoteCutter} finds them. Nothing of the HTML is kept.
 */
public final class HtmlText {

  private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
      "table", "ul", "ol", "pre", "hr", "blockquote", "section", "article", "header", "footer", "address", "dd", "dt");

  private HtmlText() {}

  public static String toText(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, head, title, noscript, template, svg").remove();
    StringBuilder out = new StringBuilder();
    NodeTraversor.traverse(new Visitor(out), doc.body() == null ? doc : doc.body());
    return tidy(out.toString());
  }

  private static final class Visitor implements NodeVisitor {
    private final StringBuilder out;
    private int quoteDepth;

    Visitor(StringBuilder out) {
      this.out = out;
    }

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode text) {
        String s = text.getWholeText().replace('\u00a0', ' ');
        if (!inPre(node)) {
          s = s.replaceAll("\\s+", " ");
        }
        if (s.isEmpty()) {
          return;
        }
        if (atLineStart() && quoteDepth > 0) {
          out.append("> ".repeat(quoteDepth));
          s = s.stripLeading();
        }
        out.append(inPre(node) ? s.replace("\n", "\n" + "> ".repeat(quoteDepth)) : s);
      } else if (node instanceof Element e) {
        String tag = e.normalName();
        if (isQuote(e)) {
          newline();
          quoteDepth++;
        } else if (tag.equals("li")) {
          newline();
          out.append("> ".repeat(quoteDepth)).append("- ");
        } else if (tag.equals("hr")) {
          newline();
          out.append("> ".repeat(quoteDepth)).append("----------------------------------------\n");
        } else if (tag.equals("td") || tag.equals("th")) {
          if (!atLineStart()) {
            out.append("\t");
          }
        } else if (BLOCKS.contains(tag) && !tag.equals("br")) {
          newline();
        }
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element e) {
        String tag = e.normalName();
        if (isQuote(e)) {
          quoteDepth--;
          newline();
        } else if (tag.equals("br")) {
          out.append('\n');
        } else if (tag.equals("a")) {
          String href = e.attr("href");
          if ((href.startsWith("http://") || href.startsWith("https://")) && !e.text().contains(href)
              && !e.text().isBlank()) {
            out.append(" (").append(href).append(')');
          }
        } else if (tag.equals("p") || tag.startsWith("h") && tag.length() == 2) {
          newline();
          out.append('\n');
        } else if (BLOCKS.contains(tag)) {
          newline();
        }
      }
    }

    private boolean atLineStart() {
      return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
    }

    private void newline() {
      if (!atLineStart()) {
        out.append('\n');
      }
    }
  }

  private static boolean isQuote(Element e) {
    return e.normalName().equals("blockquote") || e.hasAttr("data-mail-quote");
  }

  private static boolean inPre(Node node) {
    for (Node n = node.parent(); n != null; n = n.parent()) {
      if (n instanceof Element e && e.normalName().equals("pre")) {
        return true;
      }
    }
    return false;
  }

  /** At most one empty line in a row, no trailing blanks. */
  private static String tidy(String text) {
    StringBuilder out = new StringBuilder();
    int blank = 0;
    for (String line : text.split("\n", -1)) {
      String l = line.stripTrailing();
      if (l.isBlank() || l.matches("^(> ?)+$")) {
        if (++blank > 1 || out.length() == 0) {
          continue;
        }
        out.append('\n');
        continue;
      }
      blank = 0;
      out.append(l.startsWith(" ") && !l.startsWith("  ") ? l.substring(1) : l).append('\n');
    }
    return out.toString().strip();
  }
}
