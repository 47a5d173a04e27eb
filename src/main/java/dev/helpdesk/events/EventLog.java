package dev.helpdesk.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Appends to the change log inside the caller's transaction, so an event exists exactly
 * when its change committed. The SQL function takes the ordering lock and NOTIFYs.
 */
public final class EventLog {

  public static final String CHANNEL = "helpdesk_events";

  private static final String APPEND = "SELECT append_event($1, $2, $3, $4, $5)";

  private EventLog() {}

  /**
   * @param requesterKey who besides staff may see it ({@code contact:3}), or null for staff only
   * @param internal     true for notes: never shown to a requester
   */
  public static Future<Long> append(SqlClient tx, String kind, Long ticketId, String requesterKey, boolean internal,
                                    JsonObject payload) {
    return tx.preparedQuery(APPEND)
        .execute(Tuple.of(kind, ticketId, requesterKey, internal, payload))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
