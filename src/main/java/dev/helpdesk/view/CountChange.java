package dev.helpdesk.view;

import dev.helpdesk.search.FilterRow;
import dev.helpdesk.search.Query;
import dev.helpdesk.search.TicketFilter;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * One event as the counts need it, and what it does to one count. Each ticket event carries the
 * ticket's filterable fields before and after ({@link FilterRow}, V75): a count whose terms can
 * all be judged from them ({@link TicketFilter.Judged#EXACT}) moves by matches(after) −
 * matches(before); any other that the change may touch — a free word, {@code agent:} by email,
 * {@code sla:}, or a change whose rows are not known (a delete) — must be counted again. The rule
 * stands here alone so that it can be read, and changed, in one place.
 */
record CountChange(long id, String kind, FilterRow before, FilterRow after, String messageText) {

  /** What a change does to one count. */
  enum Effect { NONE, UP, DOWN, RECOUNT }

  /** What the event means for counts; null for events that touch none (notifications, say). */
  static CountChange of(long id, String kind, String payload, String counted) {
    if (counted != null) {
      JsonObject o = new JsonObject(counted);
      return new CountChange(id, kind, FilterRow.fromJson(o.getJsonObject("b")),
          FilterRow.fromJson(o.getJsonObject("a")), null);
    }
    if (kind.equals("message.created")) {
      // free words search what staff may read but system messages; the payload is searched as it is
      // (the body and a few fields more: a word found elsewhere only costs a recount)
      if (payload == null || payload.contains("\"type\":\"system\"")) {
        return null;
      }
      return new CountChange(id, kind, null, null, payload.toLowerCase(Locale.ROOT));
    }
    if (kind.startsWith("ticket.")) {
      return new CountChange(id, kind, null, null, null); // ticket.deleted, ticket.merged, …: rows unknown
    }
    return null;
  }

  /** Whether this change moves the entry by one, or needs it counted again. Under the lock (reads the entry). */
  Effect on(CountEntry e) {
    Query q = e.key.query();
    Long me = e.key.me();
    if (messageText != null) {
      boolean found = !e.words.isEmpty() && e.words.stream().anyMatch(messageText::contains);
      return found ? Effect.RECOUNT : Effect.NONE;
    }
    if (after == null && before == null) {
      // rows unknown: recount. A merge's rows come with its ticket.updated events; only the
      // messages it moves (free words) are not in them
      return !kind.equals("ticket.merged") || !e.words.isEmpty() ? Effect.RECOUNT : Effect.NONE;
    }
    boolean was = before != null && TicketFilter.exactTermsHold(q, before, me);
    boolean is = after != null && TicketFilter.exactTermsHold(q, after, me);
    if (e.judged == TicketFilter.Judged.EXACT) {
      return was == is ? Effect.NONE : is ? Effect.UP : Effect.DOWN;
    }
    if ((was || is) && (e.judged == TicketFilter.Judged.TIMED || was != is || !sameText(before, after))) {
      return Effect.RECOUNT;
    }
    return Effect.NONE;
  }

  /** Whether what a free word or an agent's email could match is the same before and after. */
  private static boolean sameText(FilterRow b, FilterRow a) {
    return b != null && a != null && Objects.equals(b.subject(), a.subject())
        && b.descriptionHash() == a.descriptionHash() && Objects.equals(b.requesterEmail(), a.requesterEmail())
        && Objects.equals(b.assigneeId(), a.assigneeId());
  }
}
