package dev.helpdesk.view;

import dev.helpdesk.search.Query;
import dev.helpdesk.search.TicketFilter;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One kept count: a base counted in a snapshot that saw events up to {@link #baseId}, moved since
 * by the events after it. Plain fields, because the reader, the scheduler and the pusher each
 * change a few of them: all are read and written under {@link CountTable#lock} only.
 */
final class CountEntry {

  final CountKey key;
  /** How far the ticket's fields before and after a change tell whether it moves this count. */
  final TicketFilter.Judged judged;
  /** The free words a new message may contain (lower case; subject-only words are judged exactly). */
  final Set<String> words = new HashSet<>();
  long count;
  boolean estimate;
  /** The last event the count includes; -1 until the first base. */
  long baseId = -1;
  /** A change may have moved it in a way no delta can say: count again. */
  boolean dirty;
  boolean counting;
  /** Due for a recount but held back: {@link RecountScheduler#MAX_COUNTING} were running. */
  boolean queued;
  long countedAt;
  /** How long the last count took, in ms. */
  long tookMs;
  long askedAt;
  /** Readers waiting for the first count. */
  final List<Promise<Void>> waiting = new ArrayList<>();

  CountEntry(CountKey key, long now) {
    this.key = key;
    this.judged = TicketFilter.judged(key.query());
    this.askedAt = now;
    for (Query.Term t : key.query().terms()) {
      if (t instanceof Query.Text text && !text.subjectOnly()) {
        words.add(text.text().toLowerCase(Locale.ROOT));
      }
    }
  }

  boolean ready() {
    return baseId >= 0;
  }

  /** Marked, waiting or being counted (the {@code helpdesk_view_count_pending} gauge). */
  boolean pending() {
    return dirty || counting || queued || !ready();
  }
}
