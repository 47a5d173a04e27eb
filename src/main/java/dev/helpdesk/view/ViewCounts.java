package dev.helpdesk.view;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.events.EventTap;
import dev.helpdesk.live.LiveService;
import dev.helpdesk.search.FilterRow;
import dev.helpdesk.search.Preset;
import dev.helpdesk.search.Query;
import dev.helpdesk.search.QueryParser;
import dev.helpdesk.search.TicketFilter;
import dev.helpdesk.search.TicketSearch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counts of presets and saved views, kept in memory per instance and moved by the change
 * log instead of a count query per view per change.
 *
 * <p>An entry is a query and, if it says {@code agent:me}, whose "me": everything else about a
 * staff member's view of the desk is the same for all staff, so a shared view, two people's
 * identical private views and a preset without {@code me} are one entry each. Its base is a
 * count taken in a REPEATABLE READ snapshot together with the highest event id that snapshot
 * sees (events become visible in id order, V8), and from then on only events after that id
 * move it. Each ticket event carries the ticket's filterable fields before and after
 * ({@link FilterRow}, V75), and an entry whose terms can all be judged from them
 * ({@link TicketFilter.Judged#EXACT}) moves by matches(after) − matches(before), on every
 * instance, for changes made on any. Other entries — a free word (the conversation, the
 * description, the requester's name), {@code agent:} by email, {@code sla:} (moves with the
 * clock) — and every entry after a change whose rows are not known (a delete) are marked
 * dirty by the events that may touch them and recounted, at most once every
 * {@link #RECOUNT_MIN_MS}; {@code sla:} entries also every {@link #TIMED_MS}, and every entry
 * every {@link #SAFETY_MS} as a safety net (an email edited, a write outside the write path).
 * Counts above the exact limit are the planner's estimates, moved by the same deltas and
 * flagged until a recount finds them exact.
 *
 * <p>Only entries someone asked for recently, or whose person follows the {@code counts} live
 * topic on this instance, are kept. Followers get {@code {"presets": …, "views": …}} frames
 * when their counts change, at most every {@link #PUSH_MS}. All state is guarded by this
 * object's lock; nothing here blocks (queries are asynchronous, the work per event is a few
 * comparisons per entry).
 */
public final class ViewCounts implements EventTap, LiveService.CountsFollowers {

  private static final Logger log = LoggerFactory.getLogger(ViewCounts.class);

  static final long RECOUNT_MIN_MS = Long.getLong("helpdesk.viewCounts.recountMinMs", 5_000);
  static final long TIMED_MS = Long.getLong("helpdesk.viewCounts.timedMs", 30_000);
  static final long SAFETY_MS = Long.getLong("helpdesk.viewCounts.safetyMs", 300_000);
  static final long IDLE_MS = 10 * 60_000;
  static final long PUSH_MS = 250;
  static final long TICK_MS = PUSH_MS;
  static final long VIEWS_RELOAD_MS = 30_000;
  /** Events kept to bring a new base up to date (it was counted a little behind the feed). */
  static final int RING = 10_000;
  static final int MAX_ENTRIES = 5_000;
  /**
   * A recount waits at least this many times as long as the entry's last count took, so that
   * recounting an expensive query (a free word at a million tickets takes seconds) keeps a
   * connection busy at most 1/COST_FACTOR of the time.
   */
  static final int COST_FACTOR = 20;
  /** Recounts in flight at once; the others wait (a first count, which someone waits for, never does). */
  static final int MAX_COUNTING = Integer.getInteger("helpdesk.viewCounts.maxCounting", 3);

  private static final String MAX_EVENT = "SELECT coalesce(max(id), 0) FROM events";
  static final long CATCH_UP_MS = 2_000;

  /** Bumped (with a floor) to forget every count of the process: tests empty the desk under running instances. */
  private static final java.util.concurrent.atomic.AtomicLong FORGET = new java.util.concurrent.atomic.AtomicLong();
  private static volatile long forgetFloor;

  /**
   * Forgets every count of this process (the desk was emptied without events, as tests do);
   * events up to {@code floorEventId} are of the desk that is gone.
   */
  public static void forgetAll(long floorEventId) {
    forgetFloor = floorEventId;
    FORGET.incrementAndGet();
  }

  /** Under the lock: drops everything once after {@link #forgetAll}. */
  private void forgotten() {
    long g = FORGET.get();
    if (g != generation) {
      generation = g;
      floor = Math.max(floor, forgetFloor);
      entries.clear();
      ring.clear();
      ringFrom = Math.max(ringFrom, lastApplied);
      watches.values().forEach(w -> w.lastSent = null);
      viewsLoadedAt = 0; // the followers' views are read again at the next tick
    }
  }
  private static final String VISIBLE_TO = "SELECT " + SavedView.COLUMNS + " FROM saved_views"
      + " WHERE shared OR owner_id = ANY($1) ORDER BY position, id";

  /** An entry's identity: the query and, only if it says {@code agent:me}, who "me" is. */
  record Key(Query query, Long me) {
    static Key of(Query query, long userId) {
      boolean usesMe = query.terms().stream().anyMatch(t -> t instanceof Query.Agent a && a.me());
      return new Key(query, usesMe ? userId : null);
    }
  }

  /** A count as answered: how many and whether it is an estimate. */
  public record Count(long count, boolean estimate) {}

  private static final class Entry {
    final Key key;
    final TicketFilter.Judged judged;
    final Set<String> words = new HashSet<>();
    long count;
    boolean estimate;
    /** The last event the count includes; -1 until the first base. */
    long baseId = -1;
    boolean dirty;
    boolean counting;
    long countedAt;
    /** How long the last count took, in ms. */
    long tookMs;
    boolean queued;
    long askedAt;
    final List<Promise<Void>> waiting = new ArrayList<>();

    Entry(Key key, long now) {
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
  }

  /** One event as the counts need it. */
  private record Change(long id, String kind, FilterRow before, FilterRow after, String messageText) {}

  /** A person's sidebar: their presets and visible views, and how many of their sockets follow {@code counts}. */
  private static final class Watch {
    final long userId;
    final Map<String, Key> presets = new LinkedHashMap<>();
    Map<Long, Key> views;
    int sockets;
    long askedAt;
    JsonObject lastSent;

    Watch(long userId, long now) {
      this.userId = userId;
      this.askedAt = now;
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final TicketSearch search;
  private final LiveService live;
  private final Map<Key, Entry> entries = new HashMap<>();
  private final Map<Long, Watch> watches = new HashMap<>();
  private final ArrayDeque<Change> ring = new ArrayDeque<>();
  /** The last event applied (-1 before the feed started); events up to it are in the ring or were before it. */
  private long lastApplied = -1;
  /** The ring holds every change after this id. */
  private long ringFrom = -1;
  private boolean pushPending;
  private int counting;
  /** GETs waiting for the feed to reach an event id (read-your-writes). */
  private final List<Map.Entry<Long, Promise<Void>>> catchUps = new ArrayList<>();
  /** Seen {@link #FORGET}; and no count may start before this event id (what was before it is gone). */
  private long generation = FORGET.get();
  private long floor;
  private long viewsLoadedAt;
  private final Counter queries;
  private final Counter dirtied;
  private final Counter deltas;
  private final Counter events;
  private final Timer queryTime;

  public ViewCounts(Vertx vertx, Pool pool, TicketSearch search, LiveService live, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.search = search;
    this.live = live;
    MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
    this.queries = Counter.builder("helpdesk_view_count_queries").description(
        "Count queries run for preset and saved-view counts (bases and recounts), never one per change").register(r);
    this.queryTime = Timer.builder("helpdesk_view_count_query").description(
        "Time of each count query of the view counts (snapshot, count, estimate)").register(r);
    this.dirtied = Counter.builder("helpdesk_view_count_dirtied").description(
        "Times a change marked a count for a recount (it could not be moved by delta)").register(r);
    this.deltas = Counter.builder("helpdesk_view_count_deltas").description(
        "Counts moved by a change, by delta").register(r);
    this.events = Counter.builder("helpdesk_view_count_events").description(
        "Events the view counts read").register(r);
    Gauge.builder("helpdesk_view_count_entries", this, ViewCounts::size)
        .description("Counts kept in memory (query and, for agent:me, person)").register(r);
    Gauge.builder("helpdesk_view_count_pending", this, ViewCounts::pending)
        .description("Counts marked for a recount, waiting or being counted").register(r);
    live.tap(this).countsFollowers(this);
    vertx.setPeriodic(TICK_MS, id -> tick());
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized int pending() {
    return (int) entries.values().stream().filter(e -> e.dirty || e.counting || e.queued || !e.ready()).count();
  }

  /** How many count queries ran (bases and recounts) since start. */
  public long queries() {
    return (long) queries.count();
  }

  // ---- answers for GET /api/presets and /api/views

  /** The presets' counts for this staff member, by preset; keeps them while asked for. */
  public Future<Map<Preset, Count>> presets(Caller caller) {
    Map<Preset, Key> keys = new LinkedHashMap<>();
    for (Preset p : Preset.values()) {
      keys.put(p, Key.of(p.query(), caller.id()));
    }
    synchronized (this) {
      Watch w = watch(caller.id());
      keys.forEach((p, k) -> w.presets.put(p.wire(), k));
    }
    return counts(keys);
  }

  /** The counts of these views (the caller's visible ones), by view id; keeps them while asked for. */
  public Future<Map<Long, Count>> views(Caller caller, List<SavedView> views) {
    Map<Long, Key> keys = keysOf(caller.id(), views);
    synchronized (this) {
      watch(caller.id()).views = keys;
    }
    return counts(keys);
  }

  /** A view was created, changed or deleted here: the sidebars of this instance's followers are read again. */
  public void viewsChanged() {
    reloadViews();
  }

  private <K> Future<Map<K, Count>> counts(Map<K, Key> keys) {
    return caughtUp().compose(v -> countsNow(keys));
  }

  /**
   * Completes once the feed has applied every event committed before now (one look at the
   * newest event id), so that a change the caller just made shows in what they read; after
   * {@link #CATCH_UP_MS} at most.
   */
  private Future<Void> caughtUp() {
    return pool.query(MAX_EVENT).execute().compose(rows -> {
      long target = rows.iterator().next().getLong(0);
      Promise<Void> p = Promise.promise();
      synchronized (this) {
        if (lastApplied < 0 || lastApplied >= target) {
          return Future.succeededFuture();
        }
        catchUps.add(Map.entry(target, p));
      }
      vertx.setTimer(CATCH_UP_MS, id -> p.tryComplete());
      return p.future();
    });
  }

  private <K> Future<Map<K, Count>> countsNow(Map<K, Key> keys) {
    List<Future<Void>> ready = new ArrayList<>();
    synchronized (this) {
      forgotten();
      long now = System.currentTimeMillis();
      for (Key k : keys.values()) {
        Entry e = entry(k, now);
        if (!e.ready()) {
          Promise<Void> p = Promise.promise();
          e.waiting.add(p);
          ready.add(p.future());
        }
      }
    }
    return Future.all(ready).map(done -> {
      Map<K, Count> answer = new LinkedHashMap<>();
      synchronized (this) {
        keys.forEach((id, k) -> {
          Entry e = entries.get(k);
          answer.put(id, e == null ? new Count(0, true) : new Count(Math.max(0, e.count), e.estimate));
        });
      }
      return answer;
    });
  }

  private static Map<Long, Key> keysOf(long userId, List<SavedView> views) {
    Map<Long, Key> keys = new LinkedHashMap<>();
    for (SavedView v : views) {
      keys.put(v.id(), Key.of(QueryParser.parse(v.query()), userId));
    }
    return keys;
  }

  private Watch watch(long userId) {
    Watch w = watches.computeIfAbsent(userId, id -> new Watch(id, System.currentTimeMillis()));
    w.askedAt = System.currentTimeMillis();
    return w;
  }

  /** The entry (asked for now), its first count started if it is new. Under the lock. */
  private Entry entry(Key k, long now) {
    forgotten();
    Entry e = entries.get(k);
    if (e == null) {
      e = new Entry(k, now);
      entries.put(k, e);
      recount(e);
    }
    e.askedAt = now;
    return e;
  }

  // ---- the live topic

  @Override
  public void followed(long userId) {
    boolean load;
    synchronized (this) {
      Watch w = watch(userId);
      w.sockets++;
      w.lastSent = null; // the new socket gets the whole picture
      load = w.views == null || w.presets.isEmpty();
      if (!load) {
        pushPending = true;
      }
    }
    if (load) {
      Caller caller = new Caller(userId, Caller.Kind.USER, Role.AGENT, "", null);
      Future.all(presets(caller), ViewRepository.visible(pool, userId).compose(v -> views(caller, v)))
          .onComplete(ar -> {
            synchronized (this) {
              pushPending = true;
            }
          });
    }
  }

  @Override
  public synchronized void unfollowed(long userId) {
    Watch w = watches.get(userId);
    if (w != null) {
      w.sockets = Math.max(0, w.sockets - 1);
    }
  }

  /** Sends each follower whose counts changed their sidebar's counts. */
  private void push() {
    List<Map.Entry<Long, JsonObject>> frames = new ArrayList<>();
    synchronized (this) {
      if (!pushPending) {
        return;
      }
      pushPending = false;
      long now = System.currentTimeMillis();
      for (Watch w : watches.values()) {
        if (w.sockets == 0) {
          continue;
        }
        if (w.views == null || w.presets.isEmpty() || !allReady(w, now)) {
          pushPending = true; // a whole sidebar or nothing: again at the next turn
          continue;
        }
        JsonObject presets = new JsonObject();
        w.presets.forEach((name, k) -> put(presets, name, entries.get(k)));
        JsonObject views = new JsonObject();
        w.views.forEach((id, k) -> put(views, String.valueOf(id), entries.get(k)));
        JsonObject data = new JsonObject().put("presets", presets).put("views", views);
        if (!data.equals(w.lastSent)) {
          w.lastSent = data;
          frames.add(Map.entry(w.userId, data));
        }
      }
    }
    frames.forEach(f -> live.sendCounts(f.getKey(), f.getValue()));
  }

  /** Whether every count of the sidebar is there (those that are not are asked for). Under the lock. */
  private boolean allReady(Watch w, long now) {
    boolean all = true;
    for (Key k : w.presets.values()) {
      all &= entry(k, now).ready();
    }
    for (Key k : w.views.values()) {
      all &= entry(k, now).ready();
    }
    return all;
  }

  private static void put(JsonObject into, String name, Entry e) {
    if (e != null && e.ready()) {
      into.put(name, new JsonObject().put("count", Math.max(0, e.count)).put("countIsEstimate", e.estimate));
    }
  }

  // ---- the change log

  /**
   * Events are read here, in order, off the live feed's event loop: reading a burst of them
   * (an SLA round announces thousands) is the feed's work enough.
   */
  private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(
      r -> {
        Thread t = new Thread(r, "view-counts");
        t.setDaemon(true);
        return t;
      });

  @Override
  public void start(long lastId) {
    worker.execute(() -> started(lastId));
  }

  private synchronized void started(long lastId) {
    if (lastApplied < 0) {
      lastApplied = lastId;
      ringFrom = lastId;
    }
  }

  @Override
  public void event(long id, String kind, Long ticketId, boolean internal, String payload, String counted) {
    worker.execute(() -> read(id, kind, payload, counted));
  }

  private void read(long id, String kind, String payload, String counted) {
    boolean wanted;
    synchronized (this) {
      // with no count kept nor being taken, nothing needs it: a count started later sees it in its snapshot
      wanted = !entries.isEmpty() || counting > 0;
    }
    Change c = wanted ? change(id, kind, payload, counted) : null;
    List<Promise<Void>> reached = List.of();
    synchronized (this) {
      if (id <= lastApplied) {
        return;
      }
      forgotten();
      lastApplied = id;
      if (!catchUps.isEmpty()) {
        reached = new ArrayList<>();
        for (Iterator<Map.Entry<Long, Promise<Void>>> it = catchUps.iterator(); it.hasNext(); ) {
          Map.Entry<Long, Promise<Void>> waiting = it.next();
          if (waiting.getKey() <= id) {
            reached.add(waiting.getValue());
            it.remove();
          }
        }
      }
      apply(c, id);
    }
    reached.forEach(Promise::tryComplete);
  }

  /** Under the lock. */
  private void apply(Change c, long id) {
    events.increment();
    if (c == null) {
      return; // touches no count
    }
    ring.addLast(c);
    while (ring.size() > RING) {
      ringFrom = ring.removeFirst().id();
    }
    for (Entry e : entries.values()) {
      if (e.ready() && id > e.baseId) {
        apply(e, c);
      }
    }
  }

  @Override
  public void drained() {
    // frames go out from the timer (at most every PUSH_MS), not per event
  }

  /** What the event means for counts; null for events that touch none (notifications, say). */
  private static Change change(long id, String kind, String payload, String counted) {
    if (counted != null) {
      JsonObject o = new JsonObject(counted);
      return new Change(id, kind, FilterRow.fromJson(o.getJsonObject("b")), FilterRow.fromJson(o.getJsonObject("a")),
          null);
    }
    if (kind.equals("message.created")) {
      // free words search what staff may read but system messages; the payload is searched as it is
      // (the body and a few fields more: a word found elsewhere only costs a recount)
      if (payload == null || payload.contains("\"type\":\"system\"")) {
        return null;
      }
      return new Change(id, kind, null, null, payload.toLowerCase(Locale.ROOT));
    }
    if (kind.startsWith("ticket.")) {
      return new Change(id, kind, null, null, null); // ticket.deleted, ticket.merged, …: rows unknown
    }
    return null;
  }

  /** Moves or marks one entry for one change. Under the lock. */
  private void apply(Entry e, Change c) {
    Query q = e.key.query();
    Long me = e.key.me();
    if (c.messageText() != null) {
      if (!e.words.isEmpty() && e.words.stream().anyMatch(c.messageText()::contains)) {
        dirty(e);
      }
      return;
    }
    if (c.after() == null && c.before() == null) {
      // rows unknown: recount. A merge's rows come with its ticket.updated events; only the
      // messages it moves (free words) are not in them
      if (!c.kind().equals("ticket.merged") || !e.words.isEmpty()) {
        dirty(e);
      }
      return;
    }
    boolean before = c.before() != null && TicketFilter.exactTermsHold(q, c.before(), me);
    boolean after = c.after() != null && TicketFilter.exactTermsHold(q, c.after(), me);
    if (e.judged == TicketFilter.Judged.EXACT) {
      if (before != after) {
        e.count += after ? 1 : -1;
        deltas.increment();
        pushPending = true;
      }
      return;
    }
    if (before || after) {
      if (e.judged == TicketFilter.Judged.TIMED || before != after || !sameText(c.before(), c.after())) {
        dirty(e);
      }
    }
  }

  /** Whether what a free word or an agent's email could match is the same before and after. */
  private static boolean sameText(FilterRow b, FilterRow a) {
    return b != null && a != null && java.util.Objects.equals(b.subject(), a.subject())
        && b.descriptionHash() == a.descriptionHash() && java.util.Objects.equals(b.requesterEmail(), a.requesterEmail())
        && java.util.Objects.equals(b.assigneeId(), a.assigneeId());
  }

  private void dirty(Entry e) {
    if (!e.dirty) {
      e.dirty = true;
      dirtied.increment();
    }
  }

  // ---- counting

  /**
   * A new base for the entry: the count and the highest event id in one snapshot, then the
   * changes after that id that the feed already applied elsewhere. Under the lock; the
   * queries run asynchronously.
   */
  private void recount(Entry e) {
    if (e.counting) {
      return;
    }
    if (counting >= MAX_COUNTING && e.ready()) {
      e.queued = true; // a first count (someone waits for it) is never held back
      return;
    }
    e.queued = false;
    e.counting = true;
    counting++;
    e.dirty = false;
    queries.increment();
    long started = System.nanoTime();
    Caller caller = new Caller(e.key.me() == null ? -1 : e.key.me(), Caller.Kind.USER, Role.AGENT, "", null);
    pool.getConnection().compose(conn -> snapshotCount(conn, caller, e.key.query()).eventually(conn::close))
        .onComplete(ar -> {
          queryTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          List<Promise<Void>> waiting;
          synchronized (this) {
            e.counting = false;
            counting--;
            e.countedAt = System.currentTimeMillis();
            e.tookMs = (System.nanoTime() - started) / 1_000_000;
            if (ar.succeeded()) {
              rebase(e, ar.result());
            } else {
              log.warn("Counting {} failed; trying again later: {}", e.key.query(), ar.cause().getMessage());
              e.dirty = true;
            }
            waiting = new ArrayList<>(e.waiting);
            e.waiting.clear();
            pushPending = true;
            startQueued();
          }
          waiting.forEach(p -> {
            if (ar.succeeded()) {
              p.tryComplete();
            } else {
              p.tryFail(ar.cause());
            }
          });
        });
  }

  private record Base(long eventId, TicketSearch.Total total) {}

  private Future<Base> snapshotCount(SqlConnection conn, Caller caller, Query query) {
    return conn.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute()
        .compose(v -> conn.query(MAX_EVENT).execute())
        .compose(rows -> {
          long eventId = rows.iterator().next().getLong(0);
          return search.countIn(conn, caller, query).map(total -> new Base(eventId, total));
        })
        .compose(base -> conn.query("COMMIT").execute().map(base))
        .recover(err -> conn.query("ROLLBACK").execute().transform(x -> Future.failedFuture(err)));
  }

  /** Starts waiting recounts while there is room, the longest waiting first. Under the lock. */
  private void startQueued() {
    while (counting < MAX_COUNTING) {
      Entry next = null;
      for (Entry e : entries.values()) {
        if (e.queued && (next == null || e.countedAt < next.countedAt)) {
          next = e;
        }
      }
      if (next == null) {
        return;
      }
      recount(next);
    }
  }

  /** Takes a base and replays the ring's changes after it. Under the lock. */
  private void rebase(Entry e, Base base) {
    e.count = base.total().count();
    e.estimate = base.total().estimate();
    e.baseId = Math.max(base.eventId(), floor);
    if (lastApplied >= 0 && e.baseId < ringFrom) {
      dirty(e); // changes between the base and the ring were not kept: count again soon
      e.baseId = Math.max(e.baseId, lastApplied);
      return;
    }
    for (Change c : ring) {
      if (c.id() > e.baseId) {
        apply(e, c);
      }
    }
    e.baseId = Math.max(e.baseId, lastApplied);
  }

  /** Recounts what is due, forgets what nobody wants, pushes what changed, reloads sidebars now and then. */
  private void tick() {
    long now = System.currentTimeMillis();
    boolean reload;
    synchronized (this) {
      forgotten();
      Set<Key> watched = new HashSet<>();
      for (Iterator<Watch> it = watches.values().iterator(); it.hasNext(); ) {
        Watch w = it.next();
        if (w.sockets == 0 && now - w.askedAt > IDLE_MS) {
          it.remove();
        } else if (w.sockets > 0) {
          watched.addAll(w.presets.values());
          if (w.views != null) {
            watched.addAll(w.views.values());
          }
        }
      }
      startQueued();
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        boolean wanted = watched.contains(e.key) || now - e.askedAt <= IDLE_MS;
        if (!wanted && !e.counting && e.waiting.isEmpty()) {
          it.remove();
          continue;
        }
        if (!e.ready() || e.counting || e.queued) {
          continue;
        }
        long age = now - e.countedAt;
        long cost = COST_FACTOR * e.tookMs;
        if ((e.dirty && age >= Math.max(RECOUNT_MIN_MS, cost))
            || (e.judged == TicketFilter.Judged.TIMED && age >= Math.max(TIMED_MS, cost))
            || age >= Math.max(SAFETY_MS, cost)) {
          recount(e);
        }
      }
      while (entries.size() > MAX_ENTRIES) {
        entries.values().stream().filter(e -> !e.counting && e.waiting.isEmpty()).min(java.util.Comparator.comparingLong(e -> e.askedAt))
            .ifPresent(e -> entries.remove(e.key));
      }
      reload = now - viewsLoadedAt >= VIEWS_RELOAD_MS && watches.values().stream().anyMatch(w -> w.sockets > 0);
    }
    if (reload) {
      reloadViews();
    }
    push();
  }

  /** Reads again the views of everyone following {@code counts} here (a view changed, maybe on another instance). */
  private void reloadViews() {
    Long[] people;
    synchronized (this) {
      viewsLoadedAt = System.currentTimeMillis();
      people = watches.values().stream().filter(w -> w.sockets > 0 || w.views != null).map(w -> w.userId)
          .toArray(Long[]::new);
    }
    if (people.length == 0) {
      return;
    }
    pool.preparedQuery(VISIBLE_TO).execute(io.vertx.sqlclient.Tuple.of((Object) people)).onSuccess(rows -> {
      List<SavedView> all = new ArrayList<>();
      for (Row row : rows) {
        all.add(SavedView.from(row));
      }
      synchronized (this) {
        long now = System.currentTimeMillis();
        for (Long person : people) {
          Watch w = watches.get(person);
          if (w == null) {
            continue;
          }
          Map<Long, Key> keys = keysOf(person, all.stream().filter(v -> v.shared() || v.ownerId() == person).toList());
          keys.values().forEach(k -> entry(k, now));
          w.views = keys;
        }
        pushPending = true;
      }
    }).onFailure(err -> log.warn("Reading the followers' views failed: {}", err.getMessage()));
  }
}
