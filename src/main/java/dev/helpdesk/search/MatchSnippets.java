package dev.helpdesk.search;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why a listed ticket matched its free words: {@code {"field", "snippet"}} for the first word
 * found outside the subject (else the subject), so the list can show it. One query for the
 * page's messages, only when a word was not found in the ticket's own fields.
 */
final class MatchSnippets {

  static final int AROUND = 40;

  /** The newest message of each ticket holding the word ($1 ticket ids, $2 pattern); notes for staff only. */
  private static final String STAFF_MESSAGES = "SELECT DISTINCT ON (m.ticket_id) m.ticket_id, m.body FROM messages m"
      + " WHERE m.ticket_id = ANY($1) AND m.type <> 'system' AND m.body ILIKE $2 ORDER BY m.ticket_id, m.id DESC";
  private static final String REQUESTER_MESSAGES = STAFF_MESSAGES.replace("m.type <> 'system'", "m.type = 'reply'");

  private MatchSnippets() {}

  /** Ticket id → match, for the tickets on a page. */
  static Future<Map<Long, JsonObject>> of(SqlClient db, Caller caller, Query query, List<Ticket> items) {
    Map<Long, JsonObject> matches = new HashMap<>();
    String word = null;
    for (Query.Term term : query.terms()) {
      if (term instanceof Query.Text text && !text.negated() && !text.subjectOnly()) {
        word = SearchWords.withoutStars(text.text());
        break;
      }
    }
    if (word == null || items.isEmpty()) {
      return Future.succeededFuture(matches);
    }
    String needle = word.toLowerCase(Locale.ROOT);
    List<Long> inThread = new java.util.ArrayList<>();
    for (Ticket t : items) {
      JsonObject m = own(t, needle);
      if (m != null) {
        matches.put(t.id(), m);
      } else {
        inThread.add(t.id());
      }
    }
    if (inThread.isEmpty()) {
      return Future.succeededFuture(matches);
    }
    return db.preparedQuery(caller.isStaff() ? STAFF_MESSAGES : REQUESTER_MESSAGES)
        .execute(Tuple.of(inThread.toArray(Long[]::new), SqlFilter.containsPattern(word)))
        .map(rows -> {
          for (Row row : rows) {
            matches.put(row.getLong("ticket_id"), match("message", row.getString("body"), needle));
          }
          return matches;
        });
  }

  private static JsonObject own(Ticket t, String needle) {
    if (contains(t.subject(), needle)) {
      return match("subject", t.subject(), needle);
    }
    if (contains(t.description(), needle)) {
      return match("description", t.description(), needle);
    }
    String who = t.requester().name() + " <" + t.requester().email() + ">";
    return contains(who, needle) ? match("requester", who, needle) : null;
  }

  private static boolean contains(String text, String needle) {
    return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
  }

  /** Some words either side of the first match, on one line, with … where it was cut. */
  static JsonObject match(String field, String text, String needle) {
    String flat = text.replaceAll("\\s+", " ").strip();
    int at = Math.max(0, flat.toLowerCase(Locale.ROOT).indexOf(needle));
    int from = Math.max(0, at - AROUND);
    int to = Math.min(flat.length(), at + needle.length() + AROUND);
    String snippet = (from > 0 ? "…" : "") + flat.substring(from, to).strip() + (to < flat.length() ? "…" : "");
    return new JsonObject().put("field", field).put("snippet", snippet);
  }
}
