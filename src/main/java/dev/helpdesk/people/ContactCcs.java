package dev.helpdesk.people;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Moves a merged contact's CCs (the mail release's {@code ticket_ccs(ticket_id, contact_id)},
 * called only when that table and column exist): where the other contact is already CC'd on
 * a ticket, the duplicate goes. Runs as a plain string so that this release compiles and
 * migrates without the table.
 */
final class ContactCcs {

  private ContactCcs() {}

  static Future<Integer> move(SqlClient tx, long from, long into) {
    return tx.preparedQuery("DELETE FROM ticket_ccs a USING ticket_ccs b WHERE a.contact_id = $1"
            + " AND b.contact_id = $2 AND a.ticket_id = b.ticket_id").execute(Tuple.of(from, into))
        .compose(v -> tx.preparedQuery("UPDATE ticket_ccs SET contact_id = $2 WHERE contact_id = $1")
            .execute(Tuple.of(from, into)))
        .map(rows -> rows.rowCount());
  }
}
