package dev.helpdesk.search;

import dev.helpdesk.search.Query.Term;
import dev.helpdesk.sla.SlaClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The token language in Java, over a {@link FilterRow}: the same rules {@link SqlFilter}
 * writes as SQL, for staff (who see every ticket). {@code SearchAgreesWithJavaFilterTest}
 * pins that the two agree. Some terms cannot be judged from the row: a free word (it may be
 * in the conversation or the requester's name) and {@code agent:} by email (who has that
 * address is in the users table); {@link #holds} answers null for those.
 */
public final class TicketFilter {

  /** How well a term can be judged from a ticket's row alone. */
  public enum Judged {
    /** From the row, at any time: a change moves a count by delta. */
    EXACT,
    /** From the row, but the answer moves with the clock ({@code sla:}). */
    TIMED,
    /** Not from the row (a free word, an agent's email). */
    OPAQUE
  }

  private TicketFilter() {}

  public static Judged judged(Term term) {
    if (term instanceof Query.Sla) {
      return Judged.TIMED;
    }
    if (term instanceof Query.Text text) {
      return text.subjectOnly() ? Judged.EXACT : Judged.OPAQUE;
    }
    if (term instanceof Query.Agent agent) {
      return agent.emails().isEmpty() ? Judged.EXACT : Judged.OPAQUE;
    }
    return Judged.EXACT;
  }

  /** The least exact of the query's terms (EXACT for the empty query). */
  public static Judged judged(Query query) {
    Judged worst = Judged.EXACT;
    for (Term term : query.terms()) {
      Judged j = judged(term);
      if (j.ordinal() > worst.ordinal()) {
        worst = j;
      }
    }
    return worst;
  }

  /**
   * Whether the query's EXACT terms all hold for the row (the others are passed over): for
   * an EXACT query, whether the ticket is in its list; for others, whether it may be.
   */
  public static boolean exactTermsHold(Query query, FilterRow r, Long me) {
    for (Term term : query.terms()) {
      if (judged(term) == Judged.EXACT && holds(term, r, me, null) == term.negated()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the (un-negated) term holds for the row, {@code me} being the staff member asking
   * (null: nobody) and {@code now} the moment of an {@code sla:} term; null when the row
   * cannot tell.
   */
  public static Boolean holds(Term term, FilterRow r, Long me, Instant now) {
    if (term instanceof Query.Is is) {
      String value = switch (is.field()) {
        case STATUS -> r.status().wire();
        case PRIORITY -> r.priority().wire();
        case CATEGORY -> r.category().wire();
        case CHANNEL -> r.channel().wire();
      };
      return is.values().contains(value);
    } else if (term instanceof Query.Agent a) {
      Long id = r.assigneeId();
      if ((a.none() && id == null) || (id != null && ((a.me() && id.equals(me)) || a.ids().contains(id)))) {
        return true;
      }
      return id == null || a.emails().isEmpty() ? Boolean.FALSE : null;
    } else if (term instanceof Query.Requester req) {
      return r.requesterEmail() != null && req.emails().contains(r.requesterEmail().toLowerCase(Locale.ROOT));
    } else if (term instanceof Query.Tags tags) {
      return r.tags().stream().anyMatch(tags.tags()::contains);
    } else if (term instanceof Query.Dates dates) {
      Instant at = switch (dates.field()) {
        case CREATED -> r.createdAt();
        case UPDATED -> r.updatedAt();
        case DUE -> r.dueAt();
      };
      return at != null && dates.ranges().stream().anyMatch(range -> within(at, range));
    } else if (term instanceof Query.Sla sla) {
      return now == null ? null : sla.states().contains(SlaClock.state(r.status(), r.firstRespondedAt(),
          r.resolvedAt(), r.marks(), now));
    }
    Query.Text t = (Query.Text) term;
    if (!t.subjectOnly()) {
      return null;
    }
    boolean words = SearchWords.match(r.subject(), t.text());
    boolean phrase = t.text().codePoints().noneMatch(Character::isWhitespace)
        || (r.subject() != null && r.subject().toLowerCase(Locale.ROOT).contains(t.text().toLowerCase(Locale.ROOT)));
    return words && phrase;
  }

  private static boolean within(Instant at, Query.DayRange range) {
    return (range.from() == null || !at.isBefore(startOf(range.from())))
        && (range.to() == null || at.isBefore(startOf(range.to().plusDays(1))));
  }

  private static Instant startOf(LocalDate day) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
