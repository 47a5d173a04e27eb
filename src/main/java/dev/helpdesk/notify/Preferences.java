package dev.helpdesk.notify;

import dev.helpdesk.http.WireEnum;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Per kind, whether a person wants it by mail and in the app; what they never set takes the kind's default. */
public final class Preferences {

  /**
   * For the mail package: the staff member's address if they want mails of a kind ($1 user id,
   * $2 kind, $3 the kind's default), else no row.
   */
  public static final String STAFF_EMAIL_IF_WANTED = "SELECT u.email FROM users u"
      + " LEFT JOIN notification_preferences p ON p.user_id = u.id"
      + " WHERE u.id = $1 AND u.active AND coalesce((p.mail ->> $2)::boolean, $3)";

  private static final String READ = "SELECT mail, in_app FROM notification_preferences WHERE user_id = $1";
  private static final String WRITE = "INSERT INTO notification_preferences (user_id, mail, in_app)"
      + " VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE"
      + " SET mail = notification_preferences.mail || $2, in_app = notification_preferences.in_app || $3";

  private Preferences() {}

  /** The arguments of {@link #STAFF_EMAIL_IF_WANTED}. */
  public static Tuple mailArgs(long userId, NotificationKind kind) {
    return Tuple.of(userId, kind.wire(), kind.mailByDefault());
  }

  static Future<JsonObject> read(SqlClient db, long userId) {
    return db.preparedQuery(READ).execute(Tuple.of(userId)).map(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      JsonObject mail = row == null ? new JsonObject() : row.getJsonObject("mail");
      JsonObject inApp = row == null ? new JsonObject() : row.getJsonObject("in_app");
      JsonObject m = new JsonObject();
      JsonObject a = new JsonObject();
      for (NotificationKind k : NotificationKind.values()) {
        m.put(k.wire(), mail.getBoolean(k.wire(), k.mailByDefault()));
        a.put(k.wire(), inApp.getBoolean(k.wire(), true));
      }
      return new JsonObject().put("mail", m).put("inApp", a);
    });
  }

  /** Merges the given kinds into what is stored (a PUT may name only some kinds). */
  static Future<JsonObject> write(SqlClient db, long userId, JsonObject mail, JsonObject inApp) {
    return db.preparedQuery(WRITE).execute(Tuple.of(userId, mail, inApp)).compose(v -> read(db, userId));
  }

  static String kinds() {
    return WireEnum.choices(NotificationKind.class);
  }
}
