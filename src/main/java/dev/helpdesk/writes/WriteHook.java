package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.ticket.NewTicket;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

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
   * A new ticket on its way in, as the create hooks leave it: the ticket, system notes to add
   * after the writer's own (a routing rule's "Routed by rule …"), and who assigned it when a
   * hook did (replaces "by {caller}" in the assignment note and mail; null: the caller).
   */
  record Creating(NewTicket ticket, List<String> notes, String assignedBy) {

    public Creating {
      notes = List.copyOf(notes);
    }

    static Creating of(NewTicket ticket) {
      return new Creating(ticket, List.of(), null);
    }

    /** This draft with the ticket replaced, a note added (null: none) and the assigner named (null: unchanged). */
    public Creating with(NewTicket changed, String note, String assigner) {
      List<String> more = new ArrayList<>(notes);
      if (note != null) {
        more.add(note);
      }
      return new Creating(changed, more, assigner != null ? assigner : assignedBy);
    }
  }

  /**
   * Inside the transaction, before a new ticket is planned (every door: the API, the portal,
   * a requester's follow-up of a closed ticket): may read and lock with {@code tx} (a round
   * robin's counter row) and return the draft changed. Runs only for the creates of a batch,
   * one after another. A {@link dev.helpdesk.domain.DomainError} fails that create alone; any
   * other failure fails the transaction, whose changes are then retried one by one.
   */
  default Future<Creating> creating(SqlClient tx, Caller caller, Creating draft) {
    return Future.succeededFuture(draft);
  }

  /**
   * Once per transaction, after every change of it is planned and before anything is
   * written: may add rows ({@link ChangeSet#extra}), events or mails to {@code changes},
   * or read with {@code tx}. {@link ChangeSet#updates()} has each saved ticket with its row
   * before the change (a status that moved), {@link ChangeSet#solo()} tells one-by-one changes
   * (creates, PATCHes, posts) from solo work (bulk chunks, merges, auto-close, SLA rounds). A failure here fails the whole transaction, whose changes
   * are then retried one by one, so a hook that fails for one change fails that change.
   */
  default Future<Void> planned(SqlClient tx, ChangeSet changes) {
    return Future.succeededFuture();
  }
}
