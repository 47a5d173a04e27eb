package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.events.EventLog;
import dev.helpdesk.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Merges a duplicate into another ticket: the source's messages (with their files) move
 * to the target's thread, keeping their times and marked with their origin, and keeping
 * whether they are notes; the source is closed with mergedInto, its history and SLA
 * facts kept. Both tickets get a system message and events.
 */
public final class MergeService {

  private static final String MOVE_MESSAGES = "UPDATE messages SET ticket_id = $2,"
      + " merged_from = coalesce(merged_from, $3) WHERE ticket_id = $1";

  private final Pool pool;
  private final TicketService tickets;

  public MergeService(Pool pool, TicketService tickets) {
    this.pool = pool;
    this.tickets = tickets;
  }

  /**
   * @param reopen what to do when the target is closed: true reopens it, false merges into it as it is,
   *               null refuses so that the person can be asked
   */
  public Future<Ticket> merge(Caller caller, long sourceId, long targetId, Boolean reopen) {
    if (sourceId == targetId) {
      return Future.failedFuture(ApiError.unprocessable("A ticket cannot be merged into itself"));
    }
    return pool.withTransaction(tx -> lockInOrder(tx, sourceId, targetId).compose(pair -> {
      Ticket source = pair.get(0).id() == sourceId ? pair.get(0) : pair.get(1);
      Ticket target = pair.get(0).id() == targetId ? pair.get(0) : pair.get(1);
      refuse(source, target, reopen);
      Ticket closedSource = source.withStatus(Status.CLOSED, tickets.slaClock()).withMergedInto(target.id());
      Ticket newTarget = target.status() == Status.CLOSED && Boolean.TRUE.equals(reopen)
          ? target.withStatus(Status.OPEN, tickets.slaClock()) : target;
      return tx.preparedQuery(MOVE_MESSAGES).execute(Tuple.of(source.id(), target.id(), source.ref()))
          .compose(v -> tickets.save(tx, caller, source, closedSource, true))
          .compose(savedSource -> tickets.save(tx, caller, target, newTarget, newTarget != target)
              .compose(savedTarget -> events(tx, caller, savedSource, savedTarget).map(savedTarget)));
    }));
  }

  private static void refuse(Ticket source, Ticket target, Boolean reopen) {
    if (source.mergedIntoId() != null) {
      throw ApiError.unprocessable(source.ref() + " is already merged into " + Ticket.refOf(source.mergedIntoId()));
    }
    if (target.mergedIntoId() != null) {
      throw ApiError.unprocessable(target.ref() + " is merged into " + Ticket.refOf(target.mergedIntoId())
          + "; merge into that ticket instead");
    }
    if (!source.requester().key().equals(target.requester().key())) {
      // the target's requester would read the source's conversation
      throw ApiError.unprocessable(source.ref() + " and " + target.ref() + " have different requesters");
    }
    if (target.status() == Status.CLOSED && reopen == null) {
      throw ApiError.unprocessable(target.ref() + " is closed: send \"reopen\": true to reopen it,"
          + " or false to merge into it as it is");
    }
  }

  /** Row locks in id order, so that two opposite merges cannot deadlock. */
  private static Future<List<Ticket>> lockInOrder(SqlClient tx, long a, long b) {
    long first = Math.min(a, b);
    long second = Math.max(a, b);
    return TicketRepository.lockById(tx, first).compose(one -> TicketRepository.lockById(tx, second).map(two -> {
      Ticket t1 = one.orElseThrow(() -> ApiError.notFound("No ticket " + Ticket.refOf(first)));
      Ticket t2 = two.orElseThrow(() -> ApiError.notFound("No ticket " + Ticket.refOf(second)));
      return List.of(t1, t2);
    }));
  }

  private Future<Void> events(SqlClient tx, Caller caller, Ticket source, Ticket target) {
    JsonObject merged = new JsonObject().put("ref", source.ref()).put("into", target.ref());
    return EventLog.append(tx, "ticket.merged", source.id(), source.requester().key(), false, merged)
        .compose(v -> tickets.ticketUpdated(tx, source))
        .compose(v -> tickets.ticketUpdated(tx, target))
        .compose(v -> TicketService.systemMessages(tx, caller, source, List.of(
            "Merged into " + target.ref() + " by " + caller.name() + ".")))
        .compose(v -> TicketService.systemMessages(tx, caller, target, List.of(
            source.ref() + " was merged into this ticket by " + caller.name() + ".")));
  }
}
