package dev.helpdesk.live;

import java.util.HashMap;
import java.util.Map;

/**
 * The sockets following one topic (or one requester's list), as a plain array that a
 * dispatch walks without copying or allocating. A change made while a walk is under way
 * (a socket closing in the middle of a fan-out) copies the array first, so the walk goes
 * on over the array it started with: copy on write, and only while walked.
 */
final class Followers {

  /** Called for each follower by {@link #walk}. */
  interface Visit {
    void visit(LiveSocket s);
  }

  private LiveSocket[] items = new LiveSocket[4];
  private int size;
  /** The array a walk is reading: it must not change in place. */
  private LiveSocket[] walked;
  /** Position of each socket in {@link #items}, for removal in constant time. */
  private final Map<LiveSocket, Integer> slots = new HashMap<>();

  boolean add(LiveSocket s) {
    if (slots.containsKey(s)) {
      return false;
    }
    writable();
    if (size == items.length) {
      LiveSocket[] bigger = new LiveSocket[size * 2];
      System.arraycopy(items, 0, bigger, 0, size);
      items = bigger;
    }
    slots.put(s, size);
    items[size++] = s;
    return true;
  }

  /** Removes by moving the last follower into the hole; the order of followers does not matter. */
  boolean remove(LiveSocket s) {
    Integer slot = slots.remove(s);
    if (slot == null) {
      return false;
    }
    writable();
    int last = --size;
    if (slot != last) {
      items[slot] = items[last];
      slots.put(items[slot], slot);
    }
    items[last] = null;
    return true;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Visits every follower present when the walk starts; returns how many. */
  int walk(Visit visit) {
    if (size == 0) {
      return 0; // also keeps the shared empty instance untouched
    }
    LiveSocket[] a = items;
    int n = size;
    LiveSocket[] outer = walked;
    walked = a;
    try {
      for (int i = 0; i < n; i++) {
        visit.visit(a[i]);
      }
    } finally {
      walked = outer;
    }
    return n;
  }

  private void writable() {
    if (walked == items) {
      items = items.clone();
    }
  }
}
