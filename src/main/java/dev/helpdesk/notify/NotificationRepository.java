package dev.helpdesk.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/** Reading and marking one person's notifications. */
final class NotificationRepository {

  /** $1 recipient, $2 only unread, $3 before id (cursor, or max), $4 limit. */
  private static final String PAGE = "SELECT n.id, n.kind, t.ref, t.subject, n.actor_id, a.name AS actor_name,"
      + " n.created_at, n.read_at FROM notifications n JOIN tickets t ON t.id = n.ticket_id"
      + " LEFT JOIN users a ON a.id = n.actor_id"
      + " WHERE n.recipient_id = $1 AND (NOT $2 OR n.read_at IS NULL) AND n.id < $3 ORDER BY n.id DESC LIMIT $4";
  private static final String UNREAD = "SELECT count(*) FROM notifications WHERE recipient_id = $1 AND read_at IS NULL";
  private static final String READ_SOME = "UPDATE notifications SET read_at = now()"
      + " WHERE recipient_id = $1 AND id = ANY($2) AND read_at IS NULL";
  private static final String READ_ALL = "UPDATE notifications SET read_at = now()"
      + " WHERE recipient_id = $1 AND read_at IS NULL";

  private NotificationRepository() {}

  record Page(JsonArray items, Long nextBefore, long unread) {}

  static Future<Page> page(SqlClient db, long recipient, boolean unreadOnly, long before, int limit) {
    Future<Long> unread = db.preparedQuery(UNREAD).execute(Tuple.of(recipient)).map(r -> r.iterator().next().getLong(0));
    return db.preparedQuery(PAGE).execute(Tuple.of(recipient, unreadOnly, before, limit + 1)).compose(rows -> {
      JsonArray items = new JsonArray();
      Long last = null;
      boolean more = false;
      for (Row row : rows) {
        if (items.size() == limit) {
          more = true;
          break;
        }
        last = row.getLong("id");
        items.add(json(last, row.getString("kind"), row.getString("ref"), row.getString("subject"),
            row.getLong("actor_id"), row.getString("actor_name"), row.getOffsetDateTime("created_at").toInstant(),
            row.getOffsetDateTime("read_at") == null ? null : row.getOffsetDateTime("read_at").toInstant()));
      }
      Long next = more ? last : null;
      return unread.map(n -> new Page(items, next, n));
    });
  }

  static Future<Integer> markRead(SqlClient db, long recipient, Long[] ids) {
    Future<io.vertx.sqlclient.RowSet<Row>> done = ids == null
        ? db.preparedQuery(READ_ALL).execute(Tuple.of(recipient))
        : db.preparedQuery(READ_SOME).execute(Tuple.of(recipient).addArrayOfLong(ids));
    return done.map(io.vertx.sqlclient.SqlResult::rowCount);
  }

  static JsonObject json(long id, String kind, String ref, String subject, Long actorId, String actorName,
                         Instant createdAt, Instant readAt) {
    return new JsonObject().put("id", id).put("kind", kind)
        .put("ticket", new JsonObject().put("ref", ref).put("subject", subject))
        .put("actor", actorId == null ? null : new JsonObject().put("id", actorId).put("name", actorName))
        .put("createdAt", createdAt.toString())
        .put("readAt", readAt == null ? null : readAt.toString());
  }
}
