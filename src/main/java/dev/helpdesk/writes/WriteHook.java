package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.ticket.NewTicket;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/**
 * The extension point for what later features do inside a change's own transaction
 * (a routing decision on create, a notification row, a CC list). Register with
 * {@link TicketWriter#addHook}; keep the feature's logic in its own package.
 */
public interface WriteHook {

  /**
   * Before a new ticket is planned: may return it changed (an assignee, tags, a priority
   * chosen by a rule). Runs on the writer's event loop: no blocking, no I/O; keep what it
   * needs in memory.
   */
  default NewTicket beforeCreate(Caller caller, NewTicket ticket) {
    return ticket;
  }

  /**
   * Once per transaction, after every change of it is planned and before anything is
   * written: may add rows ({@link ChangeSet#extra}), events or mails to {@code changes},
   * or read with {@code tx}. A failure here fails the whole transaction, whose changes
   * are then retried one by one, so a hook that fails for one change fails that change.
   */
  default Future<Void> planned(SqlClient tx, ChangeSet changes) {
    return Future.succeededFuture();
  }
}
