package dev.helpdesk.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whose ticket is it, asked when a requester subscribes to {@code ticket:TKT-017}. The
 * questions of one event-loop turn go to the database together, as one query: when a
 * thousand portals reconnect at once (a restart) that is a few queries, not a thousand.
 * One per hub, confined to its event loop.
 */
final class TicketOwners {

  static final int MAX_BATCH = 500;
  private static final String OWNERS = "SELECT id, requester_contact_id, requester_user_id FROM tickets"
      + " WHERE id = ANY($1::bigint[])";

  private final Pool pool;
  private final Context context;
  private Map<Long, List<Promise<String>>> asked = new HashMap<>();

  TicketOwners(Pool pool, Context context) {
    this.pool = pool;
    this.context = context;
  }

  /** The ticket's requester key ({@code contact:3}), or null when there is no such ticket. */
  Future<String> requesterOf(long ticketId) {
    Promise<String> p = Promise.promise();
    if (asked.isEmpty()) {
      context.runOnContext(v -> ask());
    }
    asked.computeIfAbsent(ticketId, k -> new ArrayList<>(1)).add(p);
    return p.future();
  }

  private void ask() {
    Map<Long, List<Promise<String>>> batch = asked;
    asked = new HashMap<>();
    List<Long> ids = new ArrayList<>(batch.keySet());
    for (int from = 0; from < ids.size(); from += MAX_BATCH) {
      List<Long> part = ids.subList(from, Math.min(ids.size(), from + MAX_BATCH));
      pool.preparedQuery(OWNERS).execute(Tuple.of(part.toArray(Long[]::new)))
          .onSuccess(rows -> {
            Map<Long, String> owners = new HashMap<>();
            for (Row row : rows) {
              Long contact = row.getLong("requester_contact_id");
              owners.put(row.getLong("id"), contact != null ? "contact:" + contact
                  : "user:" + row.getLong("requester_user_id"));
            }
            part.forEach(id -> batch.get(id).forEach(p -> p.tryComplete(owners.get(id))));
          })
          .onFailure(e -> part.forEach(id -> batch.get(id).forEach(p -> p.tryFail(e))));
    }
  }
}
