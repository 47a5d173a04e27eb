package dev.helpdesk.session;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.auth.Tokens;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.domain.WireEnum;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sessions table and this process's cache of it. A request's session is read from the
 * database once, then served from the cache for up to {@value #FRESH_MS} ms; every change
 * that ends a session or changes a user NOTIFYs {@value #CHANNEL} in its transaction, and
 * every instance's {@link SessionListener} drops what it cached at once. So a sign-out is
 * in force everywhere as fast as a NOTIFY travels, and a busy session costs no round trip
 * per request. Reading a session also marks it (and its user) as seen, once per refresh.
 */
public final class SessionStore implements Tokens.SessionCheck {

  /** The NOTIFY channel: payloads {@code sid:<id>}, {@code subject:user:5}, {@code user:5}, {@code wallboard:7}. */
  public static final String CHANNEL = "helpdesk_sessions";
  /**
   * Local event bus address, published on every instance when sessions end: the body is
   * {@code sid:<id>}, {@code subject:user:5} or {@code wallboard:7}. The live feed closes the
   * matching sockets with 4401 (dev.helpdesk.live.SessionCloser).
   */
  public static final String ENDED = "helpdesk.sessions.ended";
  /** The cache's safety net, should a notification ever be lost: read again after this long. */
  static final long FRESH_MS = 60_000;

  private static final String INSERT = "INSERT INTO sessions (id, subject, user_id, expires_at)"
      + " VALUES ($1, $2, $3, now() + make_interval(mins => $4))";
  private static final String READ = "WITH s AS (UPDATE sessions SET last_seen_at = now() WHERE id = $1"
      + " RETURNING subject, user_id, ended_at, expires_at),"
      + " u AS (UPDATE users SET last_seen_at = now() WHERE id = (SELECT user_id FROM s)"
      + " RETURNING role, name, email, active)"
      + " SELECT s.subject, s.user_id, s.ended_at IS NOT NULL OR s.expires_at < now() AS ended,"
      + " u.role, u.name, u.email, u.active FROM s LEFT JOIN u ON true";
  private static final String LINK = "WITH l AS (UPDATE wallboard_links SET last_seen_at = now() WHERE id = $1"
      + " RETURNING revoked_at) SELECT revoked_at IS NULL FROM l";
  private static final String END_ONE = "UPDATE sessions SET ended_at = now(), ended_why = $2"
      + " WHERE id = $1 AND ended_at IS NULL";
  private static final String END_ALL = "UPDATE sessions SET ended_at = now(), ended_why = $2"
      + " WHERE subject = $1 AND ended_at IS NULL AND id IS DISTINCT FROM $3";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', $1)";
  private static final String FORGET_OLD = "DELETE FROM sessions WHERE expires_at < now() - interval '7 days'";

  /** A session as last read: its subject and, for users, their role, name and state now. */
  record Entry(String subject, Long userId, boolean ended, Role role, String name, String email, boolean active,
               long readAt) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();
  private final ConcurrentMap<Long, Long> links = new ConcurrentHashMap<>();

  public SessionStore(Vertx vertx, Pool pool, Tokens tokens) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    tokens.useSessions(this);
  }

  /** Starts a session for someone who just proved who they are; answers its token. */
  public Future<String> start(Caller caller) {
    String sid = UUID.randomUUID().toString();
    Long userId = caller.kind() == Caller.Kind.USER ? caller.id() : null;
    return pool.preparedQuery(INSERT).execute(Tuple.of(sid, caller.requesterKey(), userId, tokens.ttlMinutes()))
        .map(v -> tokens.issueSession(caller, sid));
  }

  @Override
  public Future<Caller> session(String sid, Caller claimed) {
    Entry cached = cache.get(sid);
    Future<Entry> entry = cached != null && System.currentTimeMillis() - cached.readAt < FRESH_MS
        ? Future.succeededFuture(cached) : read(sid);
    return entry.map(e -> {
      if (e == null || e.ended || !e.subject.equals(claimed.requesterKey())) {
        throw ApiError.unauthorized("This session has ended; sign in again");
      }
      if (e.userId == null) {
        return claimed;
      }
      if (!e.active) {
        throw ApiError.unauthorized("This account is deactivated");
      }
      return new Caller(claimed.id(), claimed.kind(), claimed.kind() == Caller.Kind.CONTACT ? Role.REQUESTER : e.role,
          e.name, e.email);
    });
  }

  private Future<Entry> read(String sid) {
    return pool.preparedQuery(READ).execute(Tuple.of(sid)).map(rows -> {
      if (rows.size() == 0) {
        cache.remove(sid);
        return null;
      }
      Row r = rows.iterator().next();
      Long userId = r.getLong("user_id");
      Entry e = new Entry(r.getString("subject"), userId, r.getBoolean("ended"),
          userId == null || r.getString("role") == null ? Role.REQUESTER
              : WireEnum.parse(Role.class, r.getString("role")).orElse(Role.REQUESTER),
          r.getString("name"), r.getString("email"), userId == null || Boolean.TRUE.equals(r.getBoolean("active")),
          System.currentTimeMillis());
      cache.put(sid, e);
      return e;
    });
  }

  @Override
  public Future<Void> wallboardLink(long linkId) {
    Long readAt = links.get(linkId);
    if (readAt != null && System.currentTimeMillis() - readAt < FRESH_MS) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(LINK).execute(Tuple.of(linkId)).map(rows -> {
      if (rows.size() == 0 || !rows.iterator().next().getBoolean(0)) {
        links.remove(linkId);
        throw ApiError.unauthorized("This wallboard link was revoked; ask an admin for a new one");
      }
      links.put(linkId, System.currentTimeMillis());
      return null;
    });
  }

  /** Ends one session, in the caller's transaction; every instance hears of it at commit. */
  public Future<Void> end(SqlClient tx, String sid, String why) {
    return tx.preparedQuery(END_ONE).execute(Tuple.of(sid, why))
        .compose(v -> notify(tx, "sid:" + sid));
  }

  /** Ends every session of a person ({@code user:5}), but {@code keepSid} if given. */
  public Future<Void> endAll(SqlClient tx, String subject, String keepSid, String why) {
    return tx.preparedQuery(END_ALL).execute(Tuple.of(subject, why, keepSid))
        .compose(v -> keepSid == null ? notify(tx, "subject:" + subject) : notifyEach(tx, subject, keepSid));
  }

  /** Other sessions of a person, one by one, so that the kept one's sockets stay open. */
  private Future<Void> notifyEach(SqlClient tx, String subject, String keepSid) {
    return tx.preparedQuery("SELECT pg_notify('" + CHANNEL + "', 'sid:' || id) FROM sessions"
            + " WHERE subject = $1 AND id <> $2 AND ended_at > now() - interval '1 minute'")
        .execute(Tuple.of(subject, keepSid)).compose(v -> notify(tx, "user:" + subject.substring(5)));
  }

  /** A user's role, name or state changed: every instance reads their sessions afresh. */
  public Future<Void> userChanged(SqlClient tx, long userId) {
    return notify(tx, "user:" + userId);
  }

  /** A wallboard link was revoked: every instance refuses it and disconnects its boards. */
  public Future<Void> linkRevoked(SqlClient tx, long linkId) {
    return notify(tx, "wallboard:" + linkId);
  }

  private static Future<Void> notify(SqlClient tx, String payload) {
    return tx.preparedQuery(NOTIFY).execute(Tuple.of(payload)).mapEmpty();
  }

  /**
   * What a notification (or this instance's own change, right after its commit, so that the
   * next request here cannot be served from the cache) means: forget, and close sockets.
   */
  public void heard(String payload) {
    if (payload.startsWith("sid:")) {
      cache.remove(payload.substring(4));
      vertx.eventBus().publish(ENDED, payload);
    } else if (payload.startsWith("subject:")) {
      String subject = payload.substring(8);
      cache.values().removeIf(e -> e.subject.equals(subject));
      vertx.eventBus().publish(ENDED, payload);
    } else if (payload.startsWith("user:")) {
      long userId = Long.parseLong(payload.substring(5));
      cache.values().removeIf(e -> e.userId != null && e.userId == userId);
      checkSockets(userId);
    } else if (payload.startsWith("wallboard:")) {
      links.remove(Long.parseLong(payload.substring(10)));
      vertx.eventBus().publish(ENDED, payload);
    }
  }

  /** After a change of a user: if they may no longer be signed in as staff, their sockets close. */
  private void checkSockets(long userId) {
    pool.preparedQuery("SELECT active, role FROM users WHERE id = $1").execute(Tuple.of(userId))
        .onSuccess(rows -> {
          Row r = rows.size() == 0 ? null : rows.iterator().next();
          if (r == null || !r.getBoolean("active") || "requester".equals(r.getString("role"))) {
            vertx.eventBus().publish(ENDED, "subject:user:" + userId);
          }
        });
  }

  /** The listener reconnected: anything may have happened meanwhile. */
  void forgetAll() {
    cache.clear();
    links.clear();
  }

  /** Old rows go a week after they expired. */
  public Future<Void> forgetOld() {
    return pool.query(FORGET_OLD).execute().mapEmpty();
  }

  /** Sessions of a person that are still alive, newest first (for a profile's "signed in on"). */
  public Future<Long> liveCount(String subject) {
    return pool.preparedQuery("SELECT count(*) FROM sessions WHERE subject = $1 AND ended_at IS NULL"
            + " AND expires_at > now()").execute(Tuple.of(subject))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
