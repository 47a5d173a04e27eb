package dev.helpdesk.notify;

import dev.helpdesk.domain.WireEnum;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Per kind, whether a person wants it by mail and in the app; what they never set takes the kind's default. */
public final class Preferences {

  private static final String READ = "SELECT mail, in_app FROM notification_preferences WHERE user_id = $1";
  private static final String WRITE = "INSERT INTO notification_preferences (user_id, mail, in_app)"
      + " VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE"
      + " SET mail = notification_preferences.mail || $2, in_app = notification_preferences.in_app || $3";

  private Preferences() {}

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
