package dev.helpdesk.sla;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Applies a new policy to every ticket not yet resolved: its marks are recomputed from
 * its own facts (created, first response, time paused so far) under the new targets and
 * calendar, chunk by chunk in short transactions, through the same save as any change,
 * so each ticket gets its ticket.updated event and history.
 */
final class SlaRetarget {

  private static final int CHUNK = 500;
  private static final String IDS = "SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed') AND id > $1"
      + " ORDER BY id LIMIT $2";

  private final Pool pool;
  private final TicketService tickets;

  SlaRetarget(Pool pool, TicketService tickets) {
    this.pool = pool;
    this.tickets = tickets;
  }

  /** Returns how many tickets were re-targeted. */
  Future<Integer> all(Caller actor) {
    return chunkAfter(0, actor, 0);
  }

  private Future<Integer> chunkAfter(long lastId, Caller actor, int done) {
    return pool.preparedQuery(IDS).execute(Tuple.of(lastId, CHUNK)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(done);
      }
      List<Long> ids = new java.util.ArrayList<>();
      rows.forEach(row -> ids.add(row.getLong(0)));
      return tickets.writes().retarget(actor, ids)
          .compose(v -> chunkAfter(ids.get(ids.size() - 1), actor, done + ids.size()));
    });
  }
}
