package dev.helpdesk.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The kept counts by key, what the view-count classes share, and the one {@link #lock} that
 * guards all of their state. A delta, a rebase or a push each read the entries together with the
 * reader's ring, the recount slots or the followers' sidebars; one lock keeps those consistent
 * with no lock order to get wrong, and nothing done under it blocks.
 */
final class CountTable {

  /** Counts and sidebars nobody asked for (nor follows) this long are dropped. */
  static final long IDLE_MS = 10 * 60_000;

  /** Bumped (with a floor) to forget every count of the process: tests empty the desk under running instances. */
  private static final AtomicLong FORGET = new AtomicLong();
  private static volatile long forgetFloor;

  /** Guards every field of CountTable, CountEntry, ChangeLogReader, RecountScheduler and FollowerPusher. */
  final Object lock = new Object();
  final Map<CountKey, CountEntry> entries = new HashMap<>();
  /** Recounts in flight ({@link RecountScheduler}); while one is, events are kept for its rebase. */
  int counting;
  /** A count or a sidebar may have changed since the last push: push at the next tick. */
  boolean pushPending;
  /** The {@link #FORGET} generation seen. */
  private long generation = FORGET.get();
  private final List<LongConsumer> onForget = new ArrayList<>();

  /**
   * Forgets every count of this process (the desk was emptied without events, as tests do);
   * events up to {@code floorEventId} are of the desk that is gone.
   */
  static void forgetAll(long floorEventId) {
    forgetFloor = floorEventId;
    FORGET.incrementAndGet();
  }

  /** What else to drop when everything is forgotten; told the floor event id. Set up before use. */
  void onForget(LongConsumer hook) {
    onForget.add(hook);
  }

  /** Under the lock: drops everything once after {@link #forgetAll}. */
  void forgotten() {
    long g = FORGET.get();
    if (g != generation) {
      generation = g;
      long floor = forgetFloor;
      entries.clear();
      onForget.forEach(hook -> hook.accept(floor));
    }
  }
}
