package dev.helpdesk.trash;

import dev.helpdesk.auth.Caller;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The two calls the ticket write path makes into the trash, inside its own transaction:
 * {@link #keep} just before it deletes tickets, {@link #putBack} to restore one before it
 * announces {@code ticket.created} again.
 */
public final class TrashHook {

  private static final String KEEP = "SELECT trash_keep(id, $2, $3) FROM unnest($1::bigint[]) AS id ORDER BY id";
  private static final String RESTORE = "SELECT trash_restore($1)";

  private TrashHook() {}

  /** Copies the tickets (and all that goes with them) into the trash; the caller then deletes them. */
  public static Future<Void> keep(SqlClient tx, List<Long> ticketIds, Caller by) {
    Long actor = by != null && by.kind() == Caller.Kind.USER && !by.isSystem() ? by.id() : null;
    String name = by == null ? "Help desk" : by.name();
    return tx.preparedQuery(KEEP).execute(Tuple.of(ticketIds.toArray(Long[]::new), actor, name)).mapEmpty();
  }

  /** Puts a trashed ticket back with its thread, attachments and history; false if it is not in the trash. */
  public static Future<Boolean> putBack(SqlClient tx, long ticketId) {
    return tx.preparedQuery(RESTORE).execute(Tuple.of(ticketId)).map(rows -> rows.iterator().next().getBoolean(0));
  }
}
