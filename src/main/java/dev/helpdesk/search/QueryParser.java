package dev.helpdesk.search;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.search.Query.DateField;
import dev.helpdesk.search.Query.DayRange;
import dev.helpdesk.search.Query.Field;
import dev.helpdesk.search.Query.Term;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the token query of the contract: whitespace-separated tokens, ANDed; a token's
 * comma list is ORed; a leading {@code -} negates; {@code "quoted phrases"} and free words
 * match the subject. Every bad token is reported (all of them, not only the first) as a
 * 400 with one {@code q} error naming the token and what would be valid.
 */
public final class QueryParser {

  public static final String FIELD = "q";
  static final int MAX_TOKENS = 40;
  static final int MAX_VALUES = 50;
  static final int TAG_LENGTH_MAX = 40;

  static final String TOKEN_NAMES = "status:, priority:, category:, channel:, agent:, requester:, tag:, created:,"
      + " updated:, due:, sla:, subject:";

  private QueryParser() {}

  /** The query; null or blank is the empty query. */
  public static Query parse(String q) {
    if (q == null || q.isBlank()) {
      return Query.EMPTY;
    }
    List<String> errors = new ArrayList<>();
    List<Term> terms = new ArrayList<>();
    List<String> tokens = tokens(q, errors);
    if (tokens.size() > MAX_TOKENS) {
      errors.add("has " + tokens.size() + " tokens; at most " + MAX_TOKENS + " are allowed");
    } else {
      for (String token : tokens) {
        try {
          terms.add(term(token));
        } catch (Bad bad) {
          errors.add(bad.getMessage());
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors.stream().map(m -> new ApiError.FieldError(FIELD, m)).toList());
    }
    return new Query(List.copyOf(terms));
  }

  /** Splits on whitespace outside double quotes; an unclosed quote is an error. */
  static List<String> tokens(String q, List<String> errors) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (!quoted && Character.isWhitespace(c)) {
        if (current.length() > 0) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (quoted) {
      errors.add("'" + current + "' opens a quote that is never closed; add the closing \"");
    } else if (current.length() > 0) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  private static Term term(String token) {
    boolean negated = token.length() > 1 && token.charAt(0) == '-';
    String body = negated ? token.substring(1) : token;
    if (body.equals("-") || token.equals("-")) {
      throw new Bad("'" + token + "': a lone - must be followed by a token or a word, e.g. -status:closed");
    }
    if (body.startsWith("\"")) {
      if (body.length() < 2 || !body.endsWith("\"") || body.substring(1, body.length() - 1).contains("\"")) {
        throw new Bad("'" + token + "': a quoted phrase must be one \"...\" with nothing after it");
      }
      String phrase = body.substring(1, body.length() - 1).strip();
      if (phrase.isEmpty()) {
        throw new Bad("'" + token + "' is an empty phrase; put words between the quotes");
      }
      return text(token, negated, phrase, false);
    }
    int colon = body.indexOf(':');
    int quote = body.indexOf('"');
    if (colon < 0 || (quote >= 0 && quote < colon)) {
      if (quote >= 0) {
        throw new Bad("'" + token + "' has a quote inside a word; quote the whole phrase, e.g. \"paper jam\"");
      }
      return text(token, negated, body, false);
    }
    String name = body.substring(0, colon).toLowerCase(Locale.ROOT);
    if (name.equals("subject")) {
      return subject(token, negated, body.substring(colon + 1));
    }
    List<String> values = values(token, name, body.substring(colon + 1));
    return switch (name) {
      case "status" -> is(Field.STATUS, Status.class, negated, token, name, values);
      case "priority" -> is(Field.PRIORITY, Priority.class, negated, token, name, values);
      case "category" -> is(Field.CATEGORY, Category.class, negated, token, name, values);
      case "channel" -> is(Field.CHANNEL, Channel.class, negated, token, name, values);
      case "agent" -> agent(negated, token, values);
      case "requester" -> requester(negated, token, values);
      case "tag", "tags" -> tags(negated, token, values);
      case "created" -> dates(DateField.CREATED, negated, token, values);
      case "updated" -> dates(DateField.UPDATED, negated, token, values);
      case "due" -> dates(DateField.DUE, negated, token, values);
      case "sla" -> sla(negated, token, values);
      default -> throw new Bad("'" + token + "': unknown token '" + name + ":'; valid tokens are " + TOKEN_NAMES
          + " (to search the subject for text with a colon, put it in quotes)");
    };
  }

  /** {@code subject:word} or {@code subject:"a phrase"}: the subject alone. */
  private static Term subject(String token, boolean negated, String raw) {
    String text = raw.startsWith("\"") && raw.endsWith("\"") && raw.length() >= 2 ? raw.substring(1, raw.length() - 1)
        : raw;
    if (text.isBlank() || text.contains("\"")) {
      throw new Bad("'" + token + "': subject: needs a word or a quoted phrase, e.g. subject:printer or"
          + " subject:\"paper jam\"");
    }
    return text(token, negated, text.strip(), true);
  }

  /** Words to look for: text without any letter or digit has none (punctuation is not indexed). */
  private static Term text(String token, boolean negated, String text, boolean subjectOnly) {
    if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw new Bad("'" + token + "' holds no word to search for; words are made of letters and digits");
    }
    return new Query.Text(negated, text, subjectOnly);
  }

  /** The comma list after the colon, each item unquoted; empty items are errors. */
  private static List<String> values(String token, String name, String raw) {
    List<String> values = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i <= raw.length(); i++) {
      char c = i < raw.length() ? raw.charAt(i) : ',';
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        String value = item.toString().strip();
        if (value.isEmpty()) {
          throw new Bad("'" + token + "': " + name + ": needs a value" + (raw.isEmpty() ? "" : " between the commas")
              + ", e.g. " + example(name));
        }
        values.add(value);
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    if (values.size() > MAX_VALUES) {
      throw new Bad("'" + name + ":' has " + values.size() + " values; at most " + MAX_VALUES + " are allowed");
    }
    return values;
  }

  private static String example(String name) {
    return switch (name) {
      case "status" -> "status:open,pending";
      case "priority" -> "priority:urgent";
      case "category" -> "category:billing";
      case "channel" -> "channel:email";
      case "agent" -> "agent:me";
      case "requester" -> "requester:bob@example.com";
      case "tag", "tags" -> "tag:vip,printer";
      case "sla" -> "sla:breached,approaching";
      default -> name + ":2026-01-01..2026-01-31";
    };
  }

  private static <E extends Enum<E> & WireEnum> Term is(Field field, Class<E> type, boolean negated, String token,
                                                         String name, List<String> values) {
    Set<String> wires = new LinkedHashSet<>();
    for (String value : values) {
      String wire = value.toLowerCase(Locale.ROOT);
      if (WireEnum.parse(type, wire).isEmpty()) {
        throw new Bad("'" + token + "': '" + value + "' is not a " + name + "; use " + WireEnum.choices(type));
      }
      wires.add(wire);
    }
    return new Query.Is(field, negated, Set.copyOf(wires));
  }

  private static Term agent(boolean negated, String token, List<String> values) {
    boolean me = false;
    boolean none = false;
    Set<Long> ids = new LinkedHashSet<>();
    Set<String> emails = new LinkedHashSet<>();
    for (String value : values) {
      String v = value.toLowerCase(Locale.ROOT);
      if (v.equals("me")) {
        me = true;
      } else if (v.equals("none")) {
        none = true;
      } else if (v.matches("\\d{1,15}")) {
        ids.add(Long.parseLong(v));
      } else if (isEmail(v)) {
        emails.add(v);
      } else {
        throw new Bad("'" + token + "': '" + value + "' is not an agent; use me, none, an agent's email or id");
      }
    }
    return new Query.Agent(negated, me, none, Set.copyOf(ids), Set.copyOf(emails));
  }

  private static Term requester(boolean negated, String token, List<String> values) {
    Set<String> emails = new LinkedHashSet<>();
    for (String value : values) {
      if (!isEmail(value)) {
        throw new Bad("'" + token + "': '" + value + "' is not an email address; use requester:bob@example.com");
      }
      emails.add(value.toLowerCase(Locale.ROOT));
    }
    return new Query.Requester(negated, Set.copyOf(emails));
  }

  private static Term tags(boolean negated, String token, List<String> values) {
    Set<String> tags = new LinkedHashSet<>();
    for (String value : values) {
      if (value.length() > TAG_LENGTH_MAX) {
        throw new Bad("'" + token + "': a tag has at most " + TAG_LENGTH_MAX + " characters");
      }
      tags.add(value.toLowerCase(Locale.ROOT));
    }
    return new Query.Tags(negated, Set.copyOf(tags));
  }

  private static Term dates(DateField field, boolean negated, String token, List<String> values) {
    List<DayRange> ranges = new ArrayList<>();
    for (String value : values) {
      int dots = value.indexOf("..");
      LocalDate from;
      LocalDate to;
      if (dots < 0) {
        from = day(token, value);
        to = from;
      } else {
        String left = value.substring(0, dots);
        String right = value.substring(dots + 2);
        if (left.isEmpty() && right.isEmpty()) {
          throw new Bad("'" + token + "': '..' needs a day on at least one side, e.g. " + example("created")
              + ", ..2026-02-01 or 2026-03-05..");
        }
        from = left.isEmpty() ? null : day(token, left);
        to = right.isEmpty() ? null : day(token, right);
        if (from != null && to != null && to.isBefore(from)) {
          throw new Bad("'" + token + "': the range ends (" + to + ") before it starts (" + from + ")");
        }
      }
      ranges.add(new DayRange(from, to));
    }
    return new Query.Dates(field, negated, List.copyOf(ranges));
  }

  private static LocalDate day(String token, String text) {
    try {
      if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(text);
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new Bad("'" + token + "': '" + text + "' is not a day; write days as YYYY-MM-DD, ranges as"
        + " 2026-01-01..2026-01-31 (either end may be left open)");
  }

  private static Term sla(boolean negated, String token, List<String> values) {
    Set<SlaState> states = new LinkedHashSet<>();
    for (String value : values) {
      states.add(WireEnum.parse(SlaState.class, value.toLowerCase(Locale.ROOT)).orElseThrow(() -> new Bad(
          "'" + token + "': '" + value + "' is not an SLA state; use " + WireEnum.choices(SlaState.class))));
    }
    return new Query.Sla(negated, Set.copyOf(states));
  }

  private static boolean isEmail(String value) {
    return value.matches("[^@\\s,\"]+@[^@\\s,\"]+");
  }

  /** One bad token; collected into the 400. */
  private static final class Bad extends RuntimeException {
    Bad(String message) {
      super(message, null, false, false);
    }
  }
}
