package dev.helpdesk.search;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, for a short while, which filters match more than the exact-count limit and
 * the estimate given for them. Telling "more than 10,000" apart from "10,000" means
 * finding 10,001 matching rows, which for a common subject word costs tens of
 * milliseconds at a million tickets; an agent paging through such a list would pay it
 * for every page. Counts at or under the limit are never remembered: they stay exact
 * and live. The price: for {@link #TTL_MILLIS} after a filter matched more than the
 * limit, it is still reported as an estimate even if changes brought it under, unless
 * its whole list then fits on one page, or a bulk delete in this process made every
 * remembered count suspect.
 */
final class BroadCounts {

  static final long TTL_MILLIS = 15_000;
  private static final int MAX_ENTRIES = 2_000;

  private record Entry(long estimate, long at, long generation) {}

  /** Bumped to forget every remembered count of the process (after a mass delete, say). */
  private static final java.util.concurrent.atomic.AtomicLong GENERATION = new java.util.concurrent.atomic.AtomicLong();

  static void forgetAll() {
    GENERATION.incrementAndGet();
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /**
   * What a count depends on: the query's terms and whose view it is (everything for staff,
   * plus who "me" is; their own tickets for a requester). Not the moment: an sla: token
   * compares with now, which moves every request but hardly changes a broad count.
   */
  static String key(dev.helpdesk.auth.Caller caller, Query query) {
    return (caller.isStaff() ? "staff:" : "requester:") + caller.requesterKey() + "|" + query.terms();
  }

  /** The remembered estimate, or null. */
  synchronized Long get(String key, long now) {
    Entry e = entries.get(key);
    if (e == null || now - e.at() > TTL_MILLIS || e.generation() != GENERATION.get()) {
      entries.remove(key);
      return null;
    }
    return e.estimate();
  }

  synchronized void forget(String key) {
    entries.remove(key);
  }

  synchronized void put(String key, long estimate, long now) {
    entries.put(key, new Entry(estimate, now, GENERATION.get()));
  }
}
