package dev.helpdesk.writes;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Ticket and message ids taken from their sequences before a transaction's rows are
 * planned, in one statement, so that refs, events and answers can be rendered in Java and
 * every row written in one pipelined round trip. Ids are handed out in ascending order, so
 * the tickets of a batch get their refs in the order the requests arrived. An id taken
 * but not used is a gap, as a rolled-back insert always left.
 */
final class IdPool {

  private static final String RESERVE = "SELECT ARRAY(SELECT nextval('tickets_id_seq') FROM generate_series(1, $1)),"
      + " ARRAY(SELECT nextval('messages_id_seq') FROM generate_series(1, $2))";

  private final ArrayDeque<Long> tickets = new ArrayDeque<>();
  private final ArrayDeque<Long> messages = new ArrayDeque<>();

  Future<Void> reserve(SqlClient tx, int ticketIds, int messageIds) {
    if (ticketIds <= 0 && messageIds <= 0) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(RESERVE).execute(Tuple.of(Math.max(0, ticketIds), Math.max(0, messageIds)))
        .map(rows -> {
          Row row = rows.iterator().next();
          add(tickets, row.getArrayOfLongs(0));
          add(messages, row.getArrayOfLongs(1));
          return null;
        });
  }

  long ticket() {
    return next(tickets, "ticket");
  }

  long message() {
    return next(messages, "message");
  }

  private static void add(ArrayDeque<Long> pool, Long[] ids) {
    if (ids != null) {
      Long[] sorted = ids.clone();
      Arrays.sort(sorted);
      pool.addAll(Arrays.asList(sorted));
    }
  }

  private static long next(ArrayDeque<Long> pool, String what) {
    Long id = pool.poll();
    if (id == null) {
      throw new IllegalStateException("No " + what + " id reserved: the planner reserved too few");
    }
    return id;
  }
}
