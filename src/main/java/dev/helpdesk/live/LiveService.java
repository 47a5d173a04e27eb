package dev.helpdesk.live;

import dev.helpdesk.auth.Tokens;
import dev.helpdesk.wallboard.WallboardQuery;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live feed of one process: {@link #deploy} starts its listener before HTTP, and
 * {@link #mount} (called by every HttpVerticle) adds a hub on that verticle's event loop
 * and the /api/live route. Holds the little state the hubs share, all thread-safe.
 */
public final class LiveService {

  private static final String OWNER = "SELECT requester_contact_id, requester_user_id FROM tickets WHERE id = $1";

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
  private final Map<Viewer.Kind, AtomicInteger> socketsPerKind = new java.util.EnumMap<>(Map.of(
      Viewer.Kind.STAFF, new AtomicInteger(), Viewer.Kind.REQUESTER, new AtomicInteger(),
      Viewer.Kind.WALLBOARD, new AtomicInteger()));
  private final List<Map.Entry<Context, LiveHub>> hubs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final int maxSocketsPerUser = Integer.getInteger("helpdesk.live.maxSocketsPerUser", MAX_SOCKETS_PER_USER);

  /** Default cap on one person's simultaneous live connections to one instance (tabs, devices). */
  public static final int MAX_SOCKETS_PER_USER = 20;

  public LiveService(Vertx vertx, Pool pool, Tokens tokens, WallboardQuery wallboardQuery) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.wallboardQuery = wallboardQuery;
    this.replay = new Replay(pool);
    vertx.eventBus()
        .registerDefaultCodec(LiveEvent.class, new LocalCodec<>(LiveEvent.class))
        .registerDefaultCodec(PresenceBoard.Report.class, new LocalCodec<>(PresenceBoard.Report.class))
        .registerDefaultCodec(PresenceBoard.Update.class, new LocalCodec<>(PresenceBoard.Update.class))
        .registerDefaultCodec(WallboardFeed.Update.class, new LocalCodec<>(WallboardFeed.Update.class));
  }

  /** Starts listening; completes once no notification can be missed. Call before deploying HTTP. */
  public Future<String> deploy(PgConnectOptions connectOptions) {
    return vertx.deployVerticle(new LiveVerticle(this, connectOptions));
  }

  /** Adds GET /api/live (WebSocket) to an HttpVerticle's router, with a hub on its event loop. */
  public void mount(Router router) {
    LiveHub hub = new LiveHub(vertx, this);
    hubs.add(Map.entry(vertx.getOrCreateContext(), hub));
    new LiveRoutes(hub, tokens).mount(router);
  }

  /**
   * Before a stop: closes every socket of this instance with {@value LiveHub#SERVICE_RESTART},
   * which tells clients to reconnect at once (through the balancer, to another instance)
   * and resume from the last event they saw. Completes when every hub has closed its own.
   */
  public Future<Void> closeAllForRestart() {
    List<Future<Void>> closed = new ArrayList<>();
    for (Map.Entry<Context, LiveHub> h : hubs) {
      Promise<Void> done = Promise.promise();
      h.getKey().runOnContext(v -> {
        h.getValue().closeAllForRestart();
        done.complete();
      });
      closed.add(done.future());
    }
    return Future.join(closed).mapEmpty();
  }

  /** Open sockets of this instance of one kind ({@code staff}, {@code requester}, {@code wallboard}). */
  public int sockets(String kind) {
    AtomicInteger n = socketsPerKind.get(Viewer.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)));
    return n == null ? 0 : n.get();
  }

  /** The id of the last event this instance's change feed published (for the event-feed lag). */
  public long lastPublishedEventId() {
    return watermark.get();
  }

  /** Whether a requester is the requester of the ticket (false if there is no such ticket). */
  Future<Boolean> owns(Viewer viewer, long ticketId) {
    return pool.preparedQuery(OWNER).execute(Tuple.of(ticketId)).map(rows -> {
      if (rows.size() == 0) {
        return false;
      }
      Row row = rows.iterator().next();
      Long contact = row.getLong("requester_contact_id");
      String key = contact != null ? "contact:" + contact : "user:" + row.getLong("requester_user_id");
      return key.equals(viewer.requesterKey());
    });
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
