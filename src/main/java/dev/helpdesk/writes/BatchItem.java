package dev.helpdesk.writes;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * A change that can share a transaction with others: it says what it needs read first
 * (ids, rows to lock, people, files), all fetched for the whole batch in one round trip,
 * then plans itself in Java. A {@link dev.helpdesk.domain.DomainError} thrown while
 * planning fails this change alone; what it had planned is undone.
 */
interface BatchItem<T> {

  void need(Prefetch.Needs needs);

  T plan(WriteTx w, Prefetch found);

  /**
   * The item as the hooks that may do I/O leave it (a create routed by a rule). Called twice:
   * before the batch's reads and id reservations ({@code found} null) and after them. Most
   * items have nothing to ask and answer themselves.
   */
  default Future<BatchItem<T>> prepare(SqlClient tx, Prefetch found, List<WriteHook> hooks) {
    return Future.succeededFuture(this);
  }

  /**
   * Ticket ids this change turns out to need once its rows are read (a requester's answer
   * to a closed ticket opens a follow-up), taken then, so that refs have no gaps.
   */
  default int moreTicketIds(Prefetch found) {
    return 0;
  }

  /** System message ids this change needs once prepared (notes the create hooks added), taken then. */
  default int moreMessageIds() {
    return 0;
  }

  /** What this change needs read once prepared (a user a create hook named), beyond what {@code found} has. */
  default void needAfterPrepare(Prefetch found, Prefetch.Needs needs) {
  }

  /** Thrown by a plan to be written in the next transaction instead, as {@code next} (a post to a merged ticket). */
  final class Redirect extends RuntimeException {
    final BatchItem<?> next;

    Redirect(BatchItem<?> next) {
      super(null, null, false, false);
      this.next = next;
    }
  }
}
