package dev.helpdesk.bulk;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.db.Sql;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketHistory;
import dev.helpdesk.ticket.TicketJson;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of many ticket changes written with a handful of set-based statements per
 * chunk instead of a few per ticket, producing what {@code TicketService.update} writes
 * for each ticket: the ticket row (fields, SLA facts and marks, version + 1), a system
 * message per change, and the events (ticket.updated, then message.created for each of
 * its messages) in that order, appended last so that the event lock is held only briefly.
 */
final class BulkWrites {

  private static final String UPDATE = "UPDATE tickets t SET status = u.status, priority = u.priority,"
      + " category = u.category, assignee_id = u.assignee_id, paused_seconds = u.paused_seconds,"
      + " paused_since = u.paused_since, resolved_at = u.resolved_at, sla_first_due_at = u.first_due,"
      + " sla_resolution_due_at = u.resolution_due, sla_warn_at = u.warn_at, sla_breach_at = u.breach_at,"
      + " version = t.version + 1, updated_at = now(),"
      // as TicketRepository.UPDATE: clocks back to ok re-arm the watcher
      + " sla_notified = CASE WHEN u.state IS NULL THEN NULL"
      + " WHEN u.state = 'approaching' AND t.sla_notified = 'breached' THEN 'approaching' ELSE t.sla_notified END"
      + " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],"
      + " $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[],"
      + " $12::timestamptz[], $13::text[]) AS u(id, status, priority, category, assignee_id, paused_seconds,"
      + " paused_since, resolved_at, first_due, resolution_due, warn_at, breach_at, state)"
      + " WHERE t.id = u.id";
  private static final String SELECT = "SELECT " + Ticket.COLUMNS + " FROM tickets t" + Ticket.JOINS
      + " WHERE t.id = ANY($1) ORDER BY t.id";
  private static final String INSERT_MESSAGES = "INSERT INTO messages (ticket_id, type, author_user_id, body)"
      + " SELECT m.ticket_id, 'system', $2, m.body FROM unnest($1::bigint[], $3::text[]) WITH ORDINALITY"
      + " AS m(ticket_id, body, n) ORDER BY m.n RETURNING id, ticket_id, body, created_at";
  /** Queued in the order given; the events get their ids in that order at commit (see EventLog). */
  private static final String APPEND_EVENTS = "INSERT INTO event_queue (kind, ticket_id, requester, internal, payload)"
      + " SELECT e.kind, e.ticket_id, e.requester, false, e.payload::jsonb"
      + " FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) WITH ORDINALITY"
      + " AS e(kind, ticket_id, requester, payload, n) ORDER BY e.n";

  /** One ticket before and as it is to be written. */
  record Change(Ticket before, Ticket after) {}

  private BulkWrites() {}

  /** Writes the changes; answers the tickets as they now are, in id order. */
  static Future<List<Ticket>> write(SqlClient tx, Caller caller, List<Change> changes, TicketJson json) {
    if (changes.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Long[] ids = changes.stream().map(c -> c.after().id()).toArray(Long[]::new);
    return tx.preparedQuery(UPDATE).execute(updateParams(changes, json.slaClock()))
        .compose(v -> tx.preparedQuery(SELECT).execute(Tuple.of(ids)))
        .map(rows -> Sql.list(rows, Ticket::from))
        .compose(updated -> {
          java.util.Map<Long, Ticket> before = new java.util.HashMap<>();
          changes.forEach(c -> before.put(c.before().id(), c.before()));
          List<Long> noteTickets = new ArrayList<>();
          List<String> notes = new ArrayList<>();
          for (Ticket t : updated) {
            for (String note : TicketService.changeNotes(caller, before.get(t.id()), t)) {
              noteTickets.add(t.id());
              notes.add(note);
            }
          }
          Long actor = TicketService.actorId(caller);
          java.util.Map<Long, List<TicketHistory.Change>> history = new java.util.LinkedHashMap<>();
          updated.forEach(t -> history.put(t.id(), TicketHistory.diff(before.get(t.id()), t)));
          return tx.preparedQuery(INSERT_MESSAGES)
              .execute(Tuple.of(noteTickets.toArray(Long[]::new), actor, notes.toArray(String[]::new)))
              .compose(rows -> TicketHistory.writeAll(tx, caller, history)
                  .compose(v -> appendEvents(tx, caller, updated, rows, json)))
              .map(updated);
        });
  }

  private static Future<Void> appendEvents(SqlClient tx, Caller caller, List<Ticket> updated,
                                           io.vertx.sqlclient.RowSet<Row> messageRows, TicketJson json) {
    java.util.Map<Long, List<Message>> messages = new java.util.HashMap<>();
    List<Row> sorted = new ArrayList<>();
    messageRows.forEach(sorted::add);
    sorted.sort(java.util.Comparator.comparingLong(r -> r.getLong("id")));
    Long actor = TicketService.actorId(caller);
    Message.Author author = actor == null ? null : new Message.Author("user", actor, caller.name());
    for (Row row : sorted) {
      Message m = new Message(row.getLong("id"), row.getLong("ticket_id"), MessageType.SYSTEM, author,
          row.getString("body"), row.getOffsetDateTime("created_at").toInstant(), null, List.of());
      messages.computeIfAbsent(m.ticketId(), k -> new ArrayList<>()).add(m);
    }
    List<String> kinds = new ArrayList<>();
    List<Long> ticketIds = new ArrayList<>();
    List<String> requesters = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    for (Ticket t : updated) {
      kinds.add("ticket.updated");
      ticketIds.add(t.id());
      requesters.add(t.requester().key());
      payloads.add(json.render(t).encode());
      for (Message m : messages.getOrDefault(t.id(), List.of())) {
        kinds.add("message.created");
        ticketIds.add(t.id());
        requesters.add(t.requester().key());
        payloads.add(new JsonObject().put("ticketRef", t.ref()).put("message", m.toJson()).encode());
      }
    }
    return tx.preparedQuery(APPEND_EVENTS).execute(Tuple.of(kinds.toArray(String[]::new),
            ticketIds.toArray(Long[]::new), requesters.toArray(String[]::new), payloads.toArray(String[]::new)))
        .mapEmpty();
  }

  private static Tuple updateParams(List<Change> changes, SlaClock clock) {
    int n = changes.size();
    Long[] ids = new Long[n];
    String[] statuses = new String[n];
    String[] priorities = new String[n];
    String[] categories = new String[n];
    Long[] assignees = new Long[n];
    Long[] paused = new Long[n];
    OffsetDateTime[] pausedSince = new OffsetDateTime[n];
    OffsetDateTime[] resolved = new OffsetDateTime[n];
    OffsetDateTime[] firstDue = new OffsetDateTime[n];
    OffsetDateTime[] resolutionDue = new OffsetDateTime[n];
    OffsetDateTime[] warn = new OffsetDateTime[n];
    OffsetDateTime[] breach = new OffsetDateTime[n];
    String[] states = new String[n];
    Instant now = clock.now();
    for (int i = 0; i < n; i++) {
      Ticket t = changes.get(i).after();
      ids[i] = t.id();
      statuses[i] = t.status().wire();
      priorities[i] = t.priority().wire();
      categories[i] = t.category().wire();
      assignees[i] = t.assigneeId();
      paused[i] = t.pausedSeconds();
      pausedSince[i] = time(t.pausedSince());
      resolved[i] = time(t.resolvedAt());
      firstDue[i] = time(t.slaMarks().firstDueAt());
      resolutionDue[i] = time(t.slaMarks().resolutionDueAt());
      warn[i] = time(t.slaMarks().warnAt());
      breach[i] = time(t.slaMarks().breachAt());
      SlaState state = SlaClock.state(t.status(), t.firstRespondedAt(), t.resolvedAt(), t.slaMarks(), now);
      states[i] = state == SlaState.APPROACHING || state == SlaState.BREACHED ? state.wire() : null;
    }
    return Tuple.tuple(List.of(ids, statuses, priorities, categories, assignees, paused, pausedSince, resolved,
        firstDue, resolutionDue, warn, breach, states));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
