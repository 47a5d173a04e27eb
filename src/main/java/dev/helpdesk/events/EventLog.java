package dev.helpdesk.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Appends to the change log inside the caller's transaction, so an event exists exactly
 * when its change committed. The event is queued; at commit the database gives it its id
 * (in commit order, under a lock held only inside COMMIT) and NOTIFYs listeners.
 */
public final class EventLog {

  public static final String CHANNEL = "helpdesk_events";

  private static final String QUEUE = "INSERT INTO event_queue (kind, ticket_id, requester, internal, payload)"
      + " VALUES ($1, $2, $3, $4, $5)";

  private EventLog() {}

  /**
   * @param requesterKey who besides staff may see it ({@code contact:3}), or null for staff only
   * @param internal     true for notes: never shown to a requester
   */
  public static Future<Void> append(SqlClient tx, String kind, Long ticketId, String requesterKey, boolean internal,
                                    JsonObject payload) {
    return tx.preparedQuery(QUEUE).execute(Tuple.of(kind, ticketId, requesterKey, internal, payload)).mapEmpty();
  }
}
