package dev.helpdesk.search;

import dev.helpdesk.sla.SlaState;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A parsed token query: terms that must all hold. Within a term, its values are
 * alternatives; a negated term holds when none of them does.
 */
public record Query(List<Term> terms) {

  public static final Query EMPTY = new Query(List.of());

  /** Both queries at once (a preset AND the user's query). */
  public Query and(Query other) {
    List<Term> all = new java.util.ArrayList<>(terms);
    all.addAll(other.terms);
    return new Query(List.copyOf(all));
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /** One token of the query. */
  public sealed interface Term {
    boolean negated();
  }

  /** The enum columns a token can name. */
  public enum Field {
    STATUS("status"), PRIORITY("priority"), CATEGORY("category"), CHANNEL("channel");

    final String column;

    Field(String column) {
      this.column = column;
    }
  }

  /** The time columns a date token can name. */
  public enum DateField {
    CREATED("created_at"), UPDATED("updated_at"), DUE("due_at");

    final String column;

    DateField(String column) {
      this.column = column;
    }
  }

  /** {@code status:open,pending}: the column holds one of these wire values. */
  public record Is(Field field, boolean negated, Set<String> values) implements Term {}

  /** {@code agent:me,none,5,alice@example.com}. */
  public record Agent(boolean negated, boolean me, boolean none, Set<Long> ids, Set<String> emails) implements Term {}

  /** {@code requester:bob@example.com}: emails in lower case. */
  public record Requester(boolean negated, Set<String> emails) implements Term {}

  /** {@code tag:vip,printer}: the ticket has any of these (lower case) tags. */
  public record Tags(boolean negated, Set<String> tags) implements Term {}

  /** {@code created:2026-01-01..2026-01-31}: whole UTC days, both ends included, either end open. */
  public record Dates(DateField field, boolean negated, List<DayRange> ranges) implements Term {}

  /** A range of whole UTC days; a null end is open. */
  public record DayRange(LocalDate from, LocalDate to) {}

  /** {@code sla:breached,approaching}. */
  public record Sla(boolean negated, Set<SlaState> states) implements Term {}

  /**
   * A free word or a quoted phrase: a case-insensitive substring of the subject, the description,
   * the conversation (notes for staff only) or the requester's name or email; with
   * {@code subjectOnly} ({@code subject:word}) of the subject alone.
   */
  public record Text(boolean negated, String text, boolean subjectOnly) implements Term {
    public Text(boolean negated, String text) {
      this(negated, text, false);
    }
  }
}
