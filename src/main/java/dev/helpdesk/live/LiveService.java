package dev.helpdesk.live;

import dev.helpdesk.auth.Tokens;
import dev.helpdesk.events.EventTap;
import dev.helpdesk.wallboard.WallboardQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live feed of one process: {@link #deploy} starts its listener before HTTP, and
 * {@link #mount} (called by every HttpVerticle) adds a hub on that verticle's event loop
 * and the /api/live route. Holds the little state the hubs share, all thread-safe.
 */
public final class LiveService {

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final WallboardQuery wallboardQuery;
  private final Replay replay;
  private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong watermark = new AtomicLong();
  private final AtomicLong socketIds = new AtomicLong();
  private final ConcurrentMap<String, PresenceBoard.Update> presence = new ConcurrentHashMap<>();
  private final AtomicReference<Buffer> latestWallboard = new AtomicReference<>();
  private final AtomicInteger wallboardFollowers = new AtomicInteger();
  /** Requester key (user:5, contact:3) → that person's open sockets on this instance. */
  private final ConcurrentMap<String, AtomicInteger> socketsPerUser = new ConcurrentHashMap<>();
  private final LiveMetrics metrics;
  private final java.util.Map<Viewer.Kind, AtomicInteger> socketsPerKind = new java.util.EnumMap<>(java.util.Map.of(
      Viewer.Kind.STAFF, new AtomicInteger(), Viewer.Kind.REQUESTER, new AtomicInteger(),
      Viewer.Kind.WALLBOARD, new AtomicInteger()));
  private final AtomicInteger hubs = new AtomicInteger();
  private final List<Hub> hubList = new CopyOnWriteArrayList<>();
  private final int maxSocketsPerUser = Integer.getInteger("helpdesk.live.maxSocketsPerUser", MAX_SOCKETS_PER_USER);

  /** Default cap on one person's simultaneous live connections to one instance (tabs, devices). */
  public static final int MAX_SOCKETS_PER_USER = 20;

  public LiveService(Vertx vertx, Pool pool, Tokens tokens, WallboardQuery wallboardQuery) {
    this(vertx, pool, tokens, wallboardQuery, null);
  }

  /** @param registry where the live metrics go (/metrics); null keeps them to themselves */
  public LiveService(Vertx vertx, Pool pool, Tokens tokens, WallboardQuery wallboardQuery, MeterRegistry registry) {
    this.vertx = vertx;
    this.metrics = new LiveMetrics(registry);
    this.pool = pool;
    this.tokens = tokens;
    this.wallboardQuery = wallboardQuery;
    this.replay = new Replay(pool);
    vertx.eventBus()
        .registerDefaultCodec(LiveEvent.class, new LocalCodec<>(LiveEvent.class))
        .registerDefaultCodec(PresenceBoard.Report.class, new LocalCodec<>(PresenceBoard.Report.class))
        .registerDefaultCodec(PresenceBoard.Update.class, new LocalCodec<>(PresenceBoard.Update.class))
        .registerDefaultCodec(WallboardFeed.Update.class, new LocalCodec<>(WallboardFeed.Update.class))
        .registerDefaultCodec(CountsTopic.PersonFrame.class, new LocalCodec<>(CountsTopic.PersonFrame.class));
  }

  /** Who follows {@code counts}: told on the hubs' event loops, so it must be thread-safe and quick. */
  public interface CountsFollowers {
    CountsFollowers NONE = new CountsFollowers() {
      @Override
      public void followed(long userId) {}

      @Override
      public void unfollowed(long userId) {}
    };

    /** A socket of this staff member follows {@code counts} (send them their counts now). */
    void followed(long userId);

    /** One of their sockets stopped following (or closed). */
    void unfollowed(long userId);
  }

  private volatile EventTap tap = EventTap.NONE;
  private volatile CountsFollowers countsFollowers = CountsFollowers.NONE;

  /** What else reads every event the change feed reads (view counts); set before {@link #deploy}. */
  public LiveService tap(EventTap tap) {
    this.tap = tap;
    return this;
  }

  EventTap tap() {
    return tap;
  }

  /** Who is told when staff follow {@code counts}; set before {@link #deploy}. */
  public LiveService countsFollowers(CountsFollowers followers) {
    this.countsFollowers = followers;
    return this;
  }

  CountsFollowers countsFollowers() {
    return countsFollowers;
  }

  /** Sends one staff member's counts ({@code {"presets": …, "views": …}}) to their sockets following {@code counts}. */
  public void sendCounts(long userId, io.vertx.core.json.JsonObject data) {
    vertx.eventBus().publish(LiveAddresses.COUNTS, CountsTopic.frame(userId, data));
  }

  /** Starts listening; completes once no notification can be missed. Call before deploying HTTP. */
  public Future<String> deploy(PgConnectOptions connectOptions) {
    return vertx.deployVerticle(new LiveVerticle(this, connectOptions));
  }

  /** Adds GET /api/live (WebSocket) to an HttpVerticle's router, with a hub on its event loop. */
  public void mount(Router router) {
    new LiveRoutes(new LiveHub(vertx, this), tokens, new SessionCloser(vertx)).mount(router);
  }

  /**
   * Closes the sockets the order names on every hub of this process (logout, deactivation,
   * a revoked wallboard link, shutdown). Each hub closes its own on its event loop; the future
   * completes once every hub has sent the close frames, with how many sockets it closed.
   */
  public Future<Integer> disconnect(Disconnect order) {
    List<Future<Integer>> closing = new ArrayList<>();
    for (Hub hub : hubList) {
      Promise<Integer> closed = Promise.promise();
      hub.context().runOnContext(v -> closed.complete(hub.connections().disconnect(order)));
      closing.add(closed.future());
    }
    return Future.all(closing).map(all -> closing.stream().mapToInt(Future::result).sum());
  }

  /** Open sockets of this instance of one kind ({@code staff}, {@code requester}, {@code wallboard}), for /metrics. */
  public int sockets(String kind) {
    AtomicInteger n = socketsPerKind.get(Viewer.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)));
    return n == null ? 0 : n.get();
  }

  /** The id of the last event this instance's change feed published (for the event-feed lag in /metrics). */
  public long lastPublishedEventId() {
    return watermark.get();
  }

  /** Counts a new socket of this person; false (and nothing counted) when they already have the most allowed. */
  boolean admit(Viewer viewer) {
    if (viewer.requesterKey() == null) {
      socketsPerKind.get(viewer.kind()).incrementAndGet();
      return true;
    }
    AtomicInteger n = socketsPerUser.computeIfAbsent(viewer.requesterKey(), k -> new AtomicInteger());
    if (n.incrementAndGet() > maxSocketsPerUser) {
      n.decrementAndGet();
      return false;
    }
    socketsPerKind.get(viewer.kind()).incrementAndGet();
    return true;
  }

  /** The counterpart of a successful {@link #admit}. */
  void release(Viewer viewer) {
    socketsPerKind.get(viewer.kind()).decrementAndGet();
    if (viewer.requesterKey() == null) {
      return;
    }
    socketsPerUser.computeIfPresent(viewer.requesterKey(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** A hub's sockets and the event loop they live on. */
  record Hub(Context context, Connections connections) {}

  /** A hub started on an event loop: it gets every event from now on. */
  void hubStarted(Hub hub) {
    hubList.add(hub);
    metrics.hub(hubs.getAndIncrement(), hub.connections()::size);
  }

  /** How many hubs each live event goes to. */
  int hubs() {
    return hubs.get();
  }

  LiveMetrics metrics() {
    return metrics;
  }

  int maxSocketsPerUser() {
    return maxSocketsPerUser;
  }

  String instanceId() {
    return instanceId;
  }

  Pool pool() {
    return pool;
  }

  Replay replay() {
    return replay;
  }

  WallboardQuery wallboardQuery() {
    return wallboardQuery;
  }

  long nextSocketId() {
    return socketIds.incrementAndGet();
  }

  /** The id of the last event the change feed published. */
  long watermark() {
    return watermark.get();
  }

  void watermark(long id) {
    watermark.set(id);
  }

  ConcurrentMap<String, PresenceBoard.Update> presence() {
    return presence;
  }

  PresenceBoard.Update presenceOf(String ref) {
    return presence.get(ref);
  }

  Buffer latestWallboard() {
    return latestWallboard.get();
  }

  void latestWallboard(Buffer frame) {
    latestWallboard.set(frame);
  }

  void wallboardFollowed(int delta) {
    wallboardFollowers.addAndGet(delta);
  }

  boolean wallboardFollowed() {
    return wallboardFollowers.get() > 0;
  }
}
