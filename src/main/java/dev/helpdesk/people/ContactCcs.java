package dev.helpdesk.people;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Moves a merged contact's CCs to the contact it is merged into. CCs are kept by address
 * ({@code ticket_ccs}), so the merged contact's address becomes the other's; where the other
 * is already CC'd on a ticket, the double goes first (one CC per address and ticket).
 */
final class ContactCcs {

  private static final String DROP_DOUBLES = "DELETE FROM ticket_ccs a USING contacts f, contacts t, ticket_ccs b"
      + " WHERE f.id = $1 AND t.id = $2 AND lower(a.email) = lower(f.email)"
      + " AND b.ticket_id = a.ticket_id AND lower(b.email) = lower(t.email)";
  private static final String MOVE = "UPDATE ticket_ccs c SET email = t.email, name = t.name"
      + " FROM contacts f, contacts t WHERE f.id = $1 AND t.id = $2 AND lower(c.email) = lower(f.email)";

  private ContactCcs() {}

  static Future<Integer> move(SqlClient tx, long from, long into) {
    return tx.preparedQuery(DROP_DOUBLES).execute(Tuple.of(from, into))
        .compose(v -> tx.preparedQuery(MOVE).execute(Tuple.of(from, into)))
        .map(rows -> rows.rowCount());
  }
}
