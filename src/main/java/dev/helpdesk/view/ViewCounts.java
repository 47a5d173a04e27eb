package dev.helpdesk.view;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.events.EventTap;
import dev.helpdesk.live.LiveService;
import dev.helpdesk.search.Preset;
import dev.helpdesk.search.TicketSearch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts of presets and saved views, kept in memory per instance and moved by the change log
 * instead of a count query per view per change (docs/api.md, "View and preset counts"). This
 * facade is what the routes, the live feed ({@link EventTap}) and the {@code counts} topic
 * ({@link LiveService.CountsFollowers}) talk to; the work is done by:
 * <ul>
 *   <li>{@link CountKey}, {@link CountEntry}: one count per query, and per person for {@code agent:me};
 *   <li>{@link ChangeLogReader}, {@link CountChange}: each event moves counts by delta or marks them dirty;
 *   <li>{@link RecountScheduler}: first counts, coalesced recounts, and dropping what nobody wants;
 *   <li>{@link FollowerPusher}: frames to the followers of the {@code counts} topic.
 * </ul>
 *
 * <p>Locking: one lock, {@link CountTable#lock}, guards all of their state — the entries, the
 * change ring and feed position, the recount slots, the followers' sidebars and the push flag —
 * as this object's monitor alone did before: a delta, a rebase and a push each touch several of
 * these together. Nothing blocks under it (queries are asynchronous, the work per event is a few
 * comparisons per entry); promises are completed and frames sent after it is released.
 */
public final class ViewCounts implements EventTap, LiveService.CountsFollowers {

  static final long TICK_MS = FollowerPusher.PUSH_MS;

  /** A count as answered: how many and whether it is an estimate. */
  public record Count(long count, boolean estimate) {}

  private final Pool pool;
  private final CountTable table = new CountTable();
  private final ChangeLogReader reader;
  private final RecountScheduler scheduler;
  private final FollowerPusher pusher;

  public ViewCounts(Vertx vertx, Pool pool, TicketSearch search, LiveService live, MeterRegistry registry) {
    this.pool = pool;
    MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
    this.reader = new ChangeLogReader(vertx, pool, table, r);
    this.scheduler = new RecountScheduler(pool, search, table, reader, r);
    this.pusher = new FollowerPusher(pool, live, table, scheduler);
    table.onForget(floor -> {
      reader.forget(floor);
      pusher.forget();
    });
    Gauge.builder("helpdesk_view_count_entries", this, ViewCounts::size)
        .description("Counts kept in memory (query and, for agent:me, person)").register(r);
    Gauge.builder("helpdesk_view_count_pending", this, ViewCounts::pending)
        .description("Counts marked for a recount, waiting or being counted").register(r);
    live.tap(this).countsFollowers(this);
    vertx.setPeriodic(TICK_MS, id -> tick());
  }

  /**
   * Forgets every count of this process (the desk was emptied without events, as tests do);
   * events up to {@code floorEventId} are of the desk that is gone.
   */
  public static void forgetAll(long floorEventId) {
    CountTable.forgetAll(floorEventId);
  }

  int size() {
    synchronized (table.lock) {
      return table.entries.size();
    }
  }

  int pending() {
    synchronized (table.lock) {
      return (int) table.entries.values().stream().filter(CountEntry::pending).count();
    }
  }

  /** How many count queries ran (bases and recounts) since start. */
  public long queries() {
    return scheduler.queries();
  }

  // ---- answers for GET /api/presets and /api/views

  /** The presets' counts for this staff member, by preset; keeps them while asked for. */
  public Future<Map<Preset, Count>> presets(Caller caller) {
    Map<Preset, CountKey> keys = new LinkedHashMap<>();
    for (Preset p : Preset.values()) {
      keys.put(p, CountKey.of(p.query(), caller.id()));
    }
    pusher.presetsAsked(caller.id(), keys);
    return counts(keys);
  }

  /** The counts of these views (the caller's visible ones), by view id; keeps them while asked for. */
  public Future<Map<Long, Count>> views(Caller caller, List<SavedView> views) {
    Map<Long, CountKey> keys = CountKey.ofViews(caller.id(), views);
    pusher.viewsAsked(caller.id(), keys);
    return counts(keys);
  }

  /** A view was created, changed or deleted here: the sidebars of this instance's followers are read again. */
  public void viewsChanged() {
    pusher.reloadViews();
  }

  /** Once the feed has caught up with the caller's own changes, the counts of these keys (first counts awaited). */
  private <K> Future<Map<K, Count>> counts(Map<K, CountKey> keys) {
    return reader.caughtUp().compose(v -> countsNow(keys));
  }

  private <K> Future<Map<K, Count>> countsNow(Map<K, CountKey> keys) {
    List<Future<Void>> ready = new ArrayList<>();
    synchronized (table.lock) {
      table.forgotten();
      long now = System.currentTimeMillis();
      for (CountKey k : keys.values()) {
        CountEntry e = scheduler.entry(k, now);
        if (!e.ready()) {
          Promise<Void> p = Promise.promise();
          e.waiting.add(p);
          ready.add(p.future());
        }
      }
    }
    return Future.all(ready).map(done -> {
      Map<K, Count> answer = new LinkedHashMap<>();
      synchronized (table.lock) {
        keys.forEach((id, k) -> {
          CountEntry e = table.entries.get(k);
          answer.put(id, e == null ? new Count(0, true) : new Count(Math.max(0, e.count), e.estimate));
        });
      }
      return answer;
    });
  }

  // ---- the live topic

  @Override
  public void followed(long userId) {
    if (pusher.followed(userId)) {
      Caller caller = new Caller(userId, Caller.Kind.USER, Role.AGENT, "", null);
      Future.all(presets(caller), ViewRepository.visible(pool, userId).compose(v -> views(caller, v)))
          .onComplete(ar -> pusher.pushSoon());
    }
  }

  @Override
  public void unfollowed(long userId) {
    pusher.unfollowed(userId);
  }

  // ---- the change log

  @Override
  public void start(long lastId) {
    reader.start(lastId);
  }

  @Override
  public void event(long id, String kind, Long ticketId, boolean internal, String payload, String counted) {
    reader.event(id, kind, payload, counted);
  }

  @Override
  public void drained() {
    // frames go out from the timer (at most every PUSH_MS), not per event
  }

  /** Recounts what is due, forgets what nobody wants, pushes what changed, reloads sidebars now and then. */
  private void tick() {
    long now = System.currentTimeMillis();
    boolean reload;
    synchronized (table.lock) {
      table.forgotten();
      Set<CountKey> watched = pusher.watched(now);
      scheduler.tend(now, watched);
      reload = pusher.reloadDue(now);
    }
    if (reload) {
      pusher.reloadViews();
    }
    pusher.push();
  }
}
