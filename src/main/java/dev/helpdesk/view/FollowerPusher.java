package dev.helpdesk.view;

import dev.helpdesk.live.LiveService;
import dev.helpdesk.search.Preset;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the followers of the {@code counts} live topic their sidebar's counts, {@code
 * {"presets": …, "views": …}}, when one of them changed, from the tick (at most every
 * {@link #PUSH_MS}), so that pages need not ask again after every ticket event. It keeps each
 * person's sidebar — their presets and visible views — to know which counts are theirs, and reads
 * the views again now and then, since a view may change on another instance. Its fields are
 * guarded by {@link CountTable#lock}; frames are sent outside it.
 */
final class FollowerPusher {

  /** Failures are logged under the facade's name, as before the split. */
  private static final Logger log = LoggerFactory.getLogger(ViewCounts.class);

  static final long PUSH_MS = 250;
  static final long VIEWS_RELOAD_MS = 30_000;
  private static final String VISIBLE_TO = "SELECT " + SavedView.COLUMNS + " FROM saved_views"
      + " WHERE shared OR owner_id = ANY($1) ORDER BY position, id";

  /** A person's sidebar: their presets and visible views, and how many of their sockets follow {@code counts}. */
  private static final class Watch {
    final long userId;
    final Map<String, CountKey> presets = new LinkedHashMap<>();
    Map<Long, CountKey> views;
    int sockets;
    long askedAt;
    JsonObject lastSent;

    Watch(long userId, long now) {
      this.userId = userId;
      this.askedAt = now;
    }
  }

  private final Pool pool;
  private final LiveService live;
  private final CountTable table;
  private final RecountScheduler scheduler;
  private final Map<Long, Watch> watches = new HashMap<>();
  private long viewsLoadedAt;

  FollowerPusher(Pool pool, LiveService live, CountTable table, RecountScheduler scheduler) {
    this.pool = pool;
    this.live = live;
    this.table = table;
    this.scheduler = scheduler;
  }

  /** This person asked for the presets' counts: they are part of their sidebar. */
  void presetsAsked(long userId, Map<Preset, CountKey> keys) {
    synchronized (table.lock) {
      Watch w = watch(userId);
      keys.forEach((p, k) -> w.presets.put(p.wire(), k));
    }
  }

  /** This person asked for their visible views' counts: these are their sidebar's views. */
  void viewsAsked(long userId, Map<Long, CountKey> keys) {
    synchronized (table.lock) {
      watch(userId).views = keys;
    }
  }

  /** A socket of this person follows {@code counts}; true if their sidebar must be read first. */
  boolean followed(long userId) {
    synchronized (table.lock) {
      Watch w = watch(userId);
      w.sockets++;
      w.lastSent = null; // the new socket gets the whole picture
      boolean load = w.views == null || w.presets.isEmpty();
      if (!load) {
        table.pushPending = true;
      }
      return load;
    }
  }

  void unfollowed(long userId) {
    synchronized (table.lock) {
      Watch w = watches.get(userId);
      if (w != null) {
        w.sockets = Math.max(0, w.sockets - 1);
      }
    }
  }

  /** Push at the next tick. */
  void pushSoon() {
    synchronized (table.lock) {
      table.pushPending = true;
    }
  }

  /** Drops idle sidebars nobody follows; the keys of those followed here. Under the lock. */
  Set<CountKey> watched(long now) {
    Set<CountKey> watched = new HashSet<>();
    for (Iterator<Watch> it = watches.values().iterator(); it.hasNext(); ) {
      Watch w = it.next();
      if (w.sockets == 0 && now - w.askedAt > CountTable.IDLE_MS) {
        it.remove();
      } else if (w.sockets > 0) {
        watched.addAll(w.presets.values());
        if (w.views != null) {
          watched.addAll(w.views.values());
        }
      }
    }
    return watched;
  }

  /** Whether the followers' views are due to be read again ({@link #reloadViews}). Under the lock. */
  boolean reloadDue(long now) {
    return now - viewsLoadedAt >= VIEWS_RELOAD_MS && watches.values().stream().anyMatch(w -> w.sockets > 0);
  }

  /** Under the lock: everything was forgotten; followers get the whole picture again, views read again. */
  void forget() {
    watches.values().forEach(w -> w.lastSent = null);
    viewsLoadedAt = 0; // the followers' views are read again at the next tick
  }

  /** Sends each follower whose counts changed their sidebar's counts. */
  void push() {
    List<Map.Entry<Long, JsonObject>> frames = new ArrayList<>();
    synchronized (table.lock) {
      if (!table.pushPending) {
        return;
      }
      table.pushPending = false;
      long now = System.currentTimeMillis();
      for (Watch w : watches.values()) {
        if (w.sockets == 0) {
          continue;
        }
        if (w.views == null || w.presets.isEmpty() || !allReady(w, now)) {
          table.pushPending = true; // a whole sidebar or nothing: again at the next turn
          continue;
        }
        JsonObject presets = new JsonObject();
        w.presets.forEach((name, k) -> put(presets, name, table.entries.get(k)));
        JsonObject views = new JsonObject();
        w.views.forEach((id, k) -> put(views, String.valueOf(id), table.entries.get(k)));
        JsonObject data = new JsonObject().put("presets", presets).put("views", views);
        if (!data.equals(w.lastSent)) {
          w.lastSent = data;
          frames.add(Map.entry(w.userId, data));
        }
      }
    }
    frames.forEach(f -> live.sendCounts(f.getKey(), f.getValue()));
  }

  /** Reads again the views of everyone following {@code counts} here (a view changed, maybe on another instance). */
  void reloadViews() {
    Long[] people;
    synchronized (table.lock) {
      viewsLoadedAt = System.currentTimeMillis();
      people = watches.values().stream().filter(w -> w.sockets > 0 || w.views != null).map(w -> w.userId)
          .toArray(Long[]::new);
    }
    if (people.length == 0) {
      return;
    }
    pool.preparedQuery(VISIBLE_TO).execute(Tuple.of((Object) people)).onSuccess(rows -> {
      List<SavedView> all = new ArrayList<>();
      for (Row row : rows) {
        all.add(SavedView.from(row));
      }
      synchronized (table.lock) {
        long now = System.currentTimeMillis();
        for (Long person : people) {
          Watch w = watches.get(person);
          if (w == null) {
            continue;
          }
          Map<Long, CountKey> keys = CountKey.ofViews(person,
              all.stream().filter(v -> v.shared() || v.ownerId() == person).toList());
          keys.values().forEach(k -> scheduler.entry(k, now));
          w.views = keys;
        }
        table.pushPending = true;
      }
    }).onFailure(err -> log.warn("Reading the followers' views failed: {}", err.getMessage()));
  }

  /** Under the lock. */
  private Watch watch(long userId) {
    Watch w = watches.computeIfAbsent(userId, id -> new Watch(id, System.currentTimeMillis()));
    w.askedAt = System.currentTimeMillis();
    return w;
  }

  /** Whether every count of the sidebar is there (those that are not are asked for). Under the lock. */
  private boolean allReady(Watch w, long now) {
    boolean all = true;
    for (CountKey k : w.presets.values()) {
      all &= scheduler.entry(k, now).ready();
    }
    for (CountKey k : w.views.values()) {
      all &= scheduler.entry(k, now).ready();
    }
    return all;
  }

  private static void put(JsonObject into, String name, CountEntry e) {
    if (e != null && e.ready()) {
      into.put(name, new JsonObject().put("count", Math.max(0, e.count)).put("countIsEstimate", e.estimate));
    }
  }
}
