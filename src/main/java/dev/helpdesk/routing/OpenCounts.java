package dev.helpdesk.routing;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Open tickets per active agent or admin, for least_open. Counting them in every create's
 * transaction would cost tens of milliseconds at a million tickets, so the counts are read
 * (one grouped index-only scan, outside any ticket's transaction) at most every
 * {@link #MAX_AGE_MS}, and this instance adds its own assignments in between. Another instance's
 * assignments of the last two seconds are not seen: two instances may both pick the same quiet agent.
 */
final class OpenCounts {

  static final long MAX_AGE_MS = 2_000;
  private static final String COUNTS = "SELECT u.id, u.role, (SELECT count(*) FROM tickets t WHERE t.assignee_id = u.id"
      + " AND t.status NOT IN ('resolved', 'closed')) AS open FROM users u WHERE u.active AND u.role IN ('admin', 'agent')";

  /** An agent or admin and their open tickets. */
  record Staff(long id, boolean agent, long open) {}

  private final Pool pool;
  private Map<Long, Staff> staff = Map.of();
  private long readAt;
  private Future<Map<Long, Staff>> reading;

  OpenCounts(Pool pool) {
    this.pool = pool;
  }

  /** The one with the fewest open tickets among {@code among} (empty: every active agent), counting this pick. */
  synchronized Future<Long> pick(List<Long> among) {
    return counts().map(all -> choose(all, among));
  }

  private synchronized Long choose(Map<Long, Staff> all, List<Long> among) {
    Staff best = null;
    for (Staff s : all.values()) {
      boolean candidate = among.isEmpty() ? s.agent() : among.contains(s.id());
      if (candidate && (best == null || s.open() < best.open() || s.open() == best.open() && s.id() < best.id())) {
        best = s;
      }
    }
    if (best == null) {
      return null;
    }
    staff.put(best.id(), new Staff(best.id(), best.agent(), best.open() + 1));
    return best.id();
  }

  private synchronized Future<Map<Long, Staff>> counts() {
    long now = System.currentTimeMillis();
    if (now - readAt < MAX_AGE_MS) {
      return Future.succeededFuture(staff);
    }
    if (reading == null) {
      reading = pool.query(COUNTS).execute().map(rows -> {
        Map<Long, Staff> fresh = new HashMap<>();
        for (Row r : rows) {
          fresh.put(r.getLong("id"), new Staff(r.getLong("id"), "agent".equals(r.getString("role")),
              r.getLong("open")));
        }
        synchronized (this) {
          staff = fresh;
          readAt = System.currentTimeMillis();
          reading = null;
        }
        return fresh;
      });
      reading.onFailure(e -> {
        synchronized (this) {
          reading = null;
        }
      });
    }
    // stale counts serve while new ones are read; only the very first pick waits
    return readAt == 0 ? reading : Future.succeededFuture(staff);
  }
}
