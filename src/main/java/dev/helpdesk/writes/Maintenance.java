package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.db.Sql;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketHistory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The changes that take a transaction of their own: delete, merge, closing resolved
 * tickets, SLA announcements and re-targeting. Each reads and locks what it needs, then
 * describes its rows in the {@link WriteTx}, written set-based like any batch.
 */
final class Maintenance {

  private static final String LOCK_MANY = "SELECT " + Ticket.COLUMNS + " FROM tickets t" + Ticket.JOINS
      + " WHERE t.id = ANY($1) ORDER BY t.id FOR UPDATE OF t";
  /** The rows as they were, so that the event says what left every view's count (V75). */
  private static final String DELETE = "WITH gone AS (DELETE FROM tickets WHERE id = ANY($1) RETURNING *)"
      + " SELECT " + Ticket.COLUMNS + " FROM gone t" + Ticket.JOINS;
  private static final String MOVE_MESSAGES = "UPDATE messages SET ticket_id = $2,"
      + " merged_from = coalesce(merged_from, $3) WHERE ticket_id = $1";
  /** Both tickets' words made again from their threads once the messages moved (V70). */
  private static final String REDO_WORDS = "UPDATE tickets SET search_words = ticket_search_words(id, subject,"
      + " description, requester_contact_id, requester_user_id) WHERE id IN ($1, $2)";
  private static final String RESOLVED_DUE = "SELECT id FROM tickets WHERE status = 'resolved'"
      + " AND resolved_at < now() - make_interval(days => $1) ORDER BY resolved_at LIMIT $2 FOR UPDATE SKIP LOCKED";
  // Two claims, each matching one partial index's predicate exactly (see V5): < 1 ms at a million tickets.
  // In the index's order, oldest first: with a bare LIMIT the planner, its statistics stale after
  // many announcements, expected matches everywhere and read all million tickets (1.1 s) to find none.
  private static final String CLAIM_BREACHED = "SELECT id, sla_notified FROM tickets"
      + " WHERE status IN ('open', 'in_progress') AND sla_notified IS DISTINCT FROM 'breached'"
      + " AND sla_breach_at <= now() ORDER BY sla_breach_at LIMIT $1 FOR UPDATE SKIP LOCKED";
  private static final String CLAIM_APPROACHING = "SELECT id, sla_notified FROM tickets"
      + " WHERE status IN ('open', 'in_progress') AND sla_notified IS NULL"
      + " AND sla_warn_at <= now() ORDER BY sla_warn_at LIMIT $1 FOR UPDATE SKIP LOCKED";
  private static final String STAFF_EMAILS = "SELECT id, email FROM users WHERE id = ANY($1) AND active";

  private Maintenance() {}

  /** Locks tickets in id order (two writers never deadlock); answers them by id. */
  static Future<Map<Long, Ticket>> lock(WriteTx w, List<Long> ids) {
    return w.sql().preparedQuery(LOCK_MANY).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      Map<Long, Ticket> found = new LinkedHashMap<>();
      for (Row row : rows) {
        Ticket t = Ticket.from(row);
        found.put(t.id(), t);
      }
      return found;
    });
  }

  /** Deletes tickets and announces each; answers the ids deleted. */
  static Future<List<Long>> delete(WriteTx w, List<Long> ids) {
    return w.sql().preparedQuery(DELETE).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
      List<Long> deleted = new ArrayList<>();
      for (Row row : rows) {
        Ticket gone = Ticket.from(row);
        long id = gone.id();
        w.changes().deletedEvent(gone, new JsonObject().put("id", id).put("ref", gone.ref()).encode());
        deleted.add(id);
      }
      return deleted;
    });
  }

  static Future<Rendered<Ticket>> merge(WriteTx w, Caller caller, long sourceId, long targetId, Boolean reopen) {
    if (sourceId == targetId) {
      return Future.failedFuture(new DomainError.Unprocessable("A ticket cannot be merged into itself"));
    }
    return lock(w, List.of(sourceId, targetId)).compose(found -> {
      Ticket source = found.get(sourceId);
      Ticket target = found.get(targetId);
      if (source == null || target == null) {
        long first = Math.min(sourceId, targetId);
        throw new DomainError.NotFound("No ticket " + Ticket.refOf(found.containsKey(first)
            ? Math.max(sourceId, targetId) : first));
      }
      refuse(source, target, reopen);
      return w.sql().preparedQuery(MOVE_MESSAGES).execute(Tuple.of(source.id(), target.id(), source.ref()))
          .compose(v -> w.sql().preparedQuery(REDO_WORDS).execute(Tuple.of(source.id(), target.id())))
          .compose(v -> w.reserve(0, 2))
          .map(v -> {
            Ticket closedSource = source.withStatus(Status.CLOSED, w.clock()).withMergedInto(target.id());
            boolean reopens = target.status() == Status.CLOSED && Boolean.TRUE.equals(reopen);
            Ticket savedSource = w.save(caller, source, closedSource, true);
            Ticket savedTarget = w.save(caller, target, reopens ? target.withStatus(Status.OPEN, w.clock()) : target,
                reopens);
            w.changes().event("ticket.merged", source.id(), source.requester().key(), false,
                new JsonObject().put("ref", source.ref()).put("into", target.ref()).encode());
            w.ticketUpdated(savedSource);
            String json = w.ticketUpdated(savedTarget);
            w.systemNote(caller, savedSource, "Merged into " + target.ref() + " by " + caller.name() + ".");
            w.systemNote(caller, savedTarget, source.ref() + " was merged into this ticket by " + caller.name() + ".");
            return new Rendered<>(savedTarget, json);
          });
    });
  }

  private static void refuse(Ticket source, Ticket target, Boolean reopen) {
    if (source.mergedIntoId() != null) {
      throw new DomainError.Unprocessable(source.ref() + " is already merged into "
          + Ticket.refOf(source.mergedIntoId()));
    }
    if (target.mergedIntoId() != null) {
      throw new DomainError.Unprocessable(target.ref() + " is merged into " + Ticket.refOf(target.mergedIntoId())
          + "; merge into that ticket instead");
    }
    if (!source.requester().key().equals(target.requester().key())) {
      // the target's requester would read the source's conversation
      throw new DomainError.Unprocessable(source.ref() + " and " + target.ref() + " have different requesters");
    }
    if (target.status() == Status.CLOSED && reopen == null) {
      throw new DomainError.Unprocessable(target.ref() + " is closed: send \"reopen\": true to reopen it,"
          + " or false to merge into it as it is");
    }
  }

  static Future<Integer> closeResolved(WriteTx w, int days, int batch) {
    Caller system = Caller.system();
    String note = "Closed automatically " + days + (days == 1 ? " day" : " days") + " after it was resolved.";
    return w.sql().preparedQuery(RESOLVED_DUE).execute(Tuple.of(days, batch))
        .map(rows -> Sql.list(rows, row -> row.getLong(0)))
        .compose(ids -> ids.isEmpty() ? Future.succeededFuture(0)
            : w.reserve(0, ids.size()).compose(v -> lock(w, ids)).map(found -> {
              for (long id : ids) {
                Ticket t = found.get(id);
                Ticket closed = w.save(system, t, t.withStatus(Status.CLOSED, w.clock()), true);
                w.ticketUpdated(closed);
                w.systemNote(system, closed, note);
              }
              return ids.size();
            }));
  }

  static Future<Integer> announceDue(WriteTx w, int batch, BiFunction<Ticket, SlaState, String> note) {
    return w.sql().preparedQuery(CLAIM_BREACHED).execute(Tuple.of(batch))
        .compose(breached -> w.sql().preparedQuery(CLAIM_APPROACHING).execute(Tuple.of(batch)).map(approaching -> {
          Map<Long, String> claimed = new LinkedHashMap<>();
          breached.forEach(row -> claimed.put(row.getLong("id"), row.getString("sla_notified")));
          approaching.forEach(row -> claimed.putIfAbsent(row.getLong("id"), row.getString("sla_notified")));
          return claimed;
        }))
        .compose(claimed -> claimed.isEmpty() ? Future.succeededFuture(0)
            : w.reserve(0, claimed.size()).compose(v -> lock(w, new ArrayList<>(claimed.keySet())))
            .compose(found -> emails(w, found.values()).map(emails -> {
              Caller system = Caller.system();
              int announced = 0;
              for (Map.Entry<Long, String> row : claimed.entrySet()) {
                Ticket t = found.get(row.getKey());
                if (t == null) {
                  continue;
                }
                SlaState state = SlaClock.state(t.status(), t.firstRespondedAt(), t.resolvedAt(), t.slaMarks(),
                    w.clock().now());
                if (state != SlaState.APPROACHING && state != SlaState.BREACHED) {
                  continue; // the database clock ran a little ahead; next round
                }
                w.changes().slaNotified(t.id(), state.wire());
                w.history(system, t.id(), List.of(new TicketHistory.Change("sla",
                    row.getValue() == null ? "ok" : row.getValue(), state.wire())));
                w.systemNote(system, t, note.apply(t, state));
                w.ticketUpdated(t);
                if (state == SlaState.BREACHED && t.assigneeId() != null) {
                  w.changes().staffMail(t.assigneeId(), "sla_breached",
                      w.notifier().breachedMail(t, emails.get(t.assigneeId())));
                }
                w.changes().done(new ChangeSet.Done(system, t, t, null, state));
                announced++;
              }
              return announced;
            })));
  }

  static Future<Integer> retarget(WriteTx w, Caller actor, List<Long> ids) {
    return lock(w, ids).map(found -> {
      int n = 0;
      for (Ticket t : found.values()) {
        if (!t.status().isDone()) {
          w.ticketUpdated(w.save(actor, t, t, false));
          n++;
        }
      }
      return n;
    });
  }

  /** The addresses of the active users among these tickets' assignees. */
  static Future<Map<Long, String>> emails(WriteTx w, java.util.Collection<Ticket> tickets) {
    Long[] ids = tickets.stream().map(Ticket::assigneeId).filter(java.util.Objects::nonNull).distinct()
        .toArray(Long[]::new);
    if (ids.length == 0) {
      return Future.succeededFuture(Map.of());
    }
    return w.sql().preparedQuery(STAFF_EMAILS).execute(Tuple.of((Object) ids)).map(rows -> {
      Map<Long, String> emails = new HashMap<>();
      rows.forEach(row -> emails.put(row.getLong(0), row.getString(1)));
      return emails;
    });
  }
}
