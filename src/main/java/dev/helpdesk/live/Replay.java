package dev.helpdesk.live;

import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Reads the events a resuming socket missed, by page, filtered in SQL to its topics and
 * to what its viewer may see. The only per-socket read of the events table, and only on
 * {@code resume}.
 */
final class Replay {

  /** More missed events than this and the client is told to reload instead. */
  static final int LIMIT = 10_000;
  static final int PAGE = 200;

  /** $1 after, $2 up to, $3 ticket ids followed, $4 whether the tickets list is followed. */
  private static final String SCOPE = "id > $1 AND id <= $2"
      + " AND (ticket_id = ANY($3::bigint[]) OR ($4 AND kind LIKE 'ticket.%'))";
  /** Staff: also their own notifications ($5 the recipient key, null when the topic is not followed). */
  private static final String STAFF_SCOPE = "id > $1 AND id <= $2"
      + " AND (ticket_id = ANY($3::bigint[]) OR ($4 AND kind LIKE 'ticket.%')"
      + " OR (kind = 'notification.created' AND requester = $5))";
  private static final String FOR_REQUESTER = " AND requester = $5 AND NOT internal";

  private static final String STAFF_COUNT = count(STAFF_SCOPE);
  private static final String REQUESTER_COUNT = count(SCOPE + FOR_REQUESTER);
  private static final String STAFF_PAGE = page(STAFF_SCOPE);
  private static final String REQUESTER_PAGE = page(SCOPE + FOR_REQUESTER);

  /** What one socket follows, as the replay queries need it. */
  record Scope(Viewer viewer, Long[] ticketIds, boolean list, boolean notifications) {

    static Scope of(LiveSocket s) {
      Long[] ids = s.topics.stream().map(Topics::ticketIdOf).filter(id -> id != null).toArray(Long[]::new);
      return new Scope(s.viewer, ids, s.topics.contains(Topics.TICKETS),
          s.topics.contains(NotificationTopic.TOPIC));
    }

    boolean isEmpty() {
      return viewer.kind() == Viewer.Kind.WALLBOARD || (ticketIds.length == 0 && !list && !notifications);
    }

    Tuple params(long after, long upTo) {
      Tuple t = Tuple.of(after, upTo, ticketIds, list);
      return viewer.isStaff()
          ? t.addString(notifications ? dev.helpdesk.notify.Notifications.recipientKey(viewer.userId()) : null)
          : t.addString(viewer.requesterKey());
    }
  }

  private final Pool pool;

  Replay(Pool pool) {
    this.pool = pool;
  }

  /** How many events the scope missed, counting at most {@value #LIMIT} + 1. */
  Future<Long> count(Scope scope, long after, long upTo) {
    return pool.preparedQuery(scope.viewer().isStaff() ? STAFF_COUNT : REQUESTER_COUNT)
        .execute(scope.params(after, upTo))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The next {@value #PAGE} missed events after {@code after}, in id order. */
  Future<List<LiveEvent>> page(Scope scope, long after, long upTo) {
    return pool.preparedQuery(scope.viewer().isStaff() ? STAFF_PAGE : REQUESTER_PAGE)
        .execute(scope.params(after, upTo))
        .map(rows -> Sql.list(rows, LiveEvent::from));
  }

  private static String count(String where) {
    return "SELECT count(*) FROM (SELECT 1 FROM events WHERE " + where + " LIMIT " + (LIMIT + 1) + ") missed";
  }

  private static String page(String where) {
    return "SELECT " + LiveEvent.COLUMNS + " FROM events WHERE " + where + " ORDER BY id LIMIT " + PAGE;
  }
}
