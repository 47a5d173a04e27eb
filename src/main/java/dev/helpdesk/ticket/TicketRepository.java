package dev.helpdesk.ticket;

import dev.helpdesk.db.Sql;
import dev.helpdesk.sla.SlaMarks;
import dev.helpdesk.sla.SlaState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** SQL for tickets. Writes take the transaction they belong to. */
public final class TicketRepository {

  private static final String BY_ID = "SELECT " + Ticket.COLUMNS + " FROM tickets t" + Ticket.JOINS + " WHERE t.id = $1";
  private static final String BY_ID_FOR_UPDATE = BY_ID + " FOR UPDATE OF t";
  private static final String INSERT = "WITH t AS (INSERT INTO tickets (subject, description, priority, category,"
      + " channel, requester_contact_id, requester_user_id, assignee_id, tags, due_at, follow_up_of_id, created_at,"
      + " updated_at, sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16) RETURNING *)"
      + " SELECT " + Ticket.COLUMNS + " FROM t" + Ticket.JOINS;
  private static final String UPDATE = "WITH t AS (UPDATE tickets SET subject = $2, description = $3, status = $4,"
      + " priority = $5, category = $6, channel = $7, requester_contact_id = $8, requester_user_id = $9,"
      + " assignee_id = $10, tags = $11, due_at = $12, paused_seconds = $13, paused_since = $14, resolved_at = $15,"
      + " first_responded_at = $16, sla_first_due_at = $17, sla_resolution_due_at = $18, sla_warn_at = $19,"
      + " sla_breach_at = $20, version = version + $21, merged_into_id = $22,"
      // a change that brings the clocks back to ok re-arms the watcher; approaching after breached re-arms breach
      + " sla_notified = CASE WHEN $23::text IS NULL THEN NULL"
      + " WHEN $23 = 'approaching' AND sla_notified = 'breached' THEN 'approaching' ELSE sla_notified END,"
      + " updated_at = now() WHERE id = $1 RETURNING *)"
      + " SELECT " + Ticket.COLUMNS + " FROM t" + Ticket.JOINS;
  private static final String DELETE = "DELETE FROM tickets WHERE id = $1"
      + " RETURNING id, ref, requester_contact_id, requester_user_id";
  private static final String STAFF_NAME = "SELECT name FROM users WHERE id = $1 AND role IN ('admin', 'agent') AND active";
  private static final String REQUESTER_EXISTS_CONTACT = "SELECT 1 FROM contacts WHERE id = $1";
  private static final String REQUESTER_EXISTS_USER = "SELECT 1 FROM users WHERE id = $1";

  /** What a deleted ticket leaves behind for its event. */
  public record Deleted(long id, String ref, String requesterKey) {}

  private TicketRepository() {}

  public static Future<Optional<Ticket>> findById(SqlClient client, long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(TicketRepository::first);
  }

  public static Future<Optional<Ticket>> lockById(SqlClient tx, long id) {
    return tx.preparedQuery(BY_ID_FOR_UPDATE).execute(Tuple.of(id)).map(TicketRepository::first);
  }

  /** Inserts a new ticket created at {@code createdAt} with the SLA marks its facts give. */
  public static Future<Ticket> insert(SqlClient tx, NewTicket n, Instant createdAt, SlaMarks marks) {
    Tuple params = Tuple.tuple(List.of(n.subject(), n.description(), n.priority().wire(), n.category().wire(),
        n.channel().wire()))
        .addValue(n.requesterContactId()).addValue(n.requesterUserId()).addValue(n.assigneeId())
        .addValue(n.tags().toArray(String[]::new)).addValue(time(n.dueAt())).addValue(n.followUpOfId())
        .addValue(time(createdAt)).addValue(time(marks.firstDueAt())).addValue(time(marks.resolutionDueAt()))
        .addValue(time(marks.warnAt())).addValue(time(marks.breachAt()));
    return tx.preparedQuery(INSERT).execute(params).map(rows -> Ticket.from(rows.iterator().next()));
  }

  /**
   * Writes every column of {@code t} that changes (the caller holds the row lock, and has
   * recomputed its SLA marks); a change of fields bumps the version, a message does not.
   */
  public static Future<Ticket> update(SqlClient tx, Ticket t, boolean bumpVersion, SlaState stateNow) {
    boolean contact = "contact".equals(t.requester().type());
    Tuple params = Tuple.tuple()
        .addValue(t.id()).addValue(t.subject()).addValue(t.description()).addValue(t.status().wire())
        .addValue(t.priority().wire()).addValue(t.category().wire()).addValue(t.channel().wire())
        .addValue(contact ? t.requester().id() : null).addValue(contact ? null : t.requester().id())
        .addValue(t.assigneeId()).addValue(t.tags().toArray(String[]::new)).addValue(time(t.dueAt()))
        .addValue(t.pausedSeconds()).addValue(time(t.pausedSince())).addValue(time(t.resolvedAt()))
        .addValue(time(t.firstRespondedAt())).addValue(time(t.slaMarks().firstDueAt()))
        .addValue(time(t.slaMarks().resolutionDueAt())).addValue(time(t.slaMarks().warnAt()))
        .addValue(time(t.slaMarks().breachAt())).addValue(bumpVersion ? 1 : 0).addValue(t.mergedIntoId())
        .addValue(stateNow == SlaState.APPROACHING || stateNow == SlaState.BREACHED ? stateNow.wire() : null);
    return tx.preparedQuery(UPDATE).execute(params).map(rows -> Ticket.from(rows.iterator().next()));
  }

  public static Future<Optional<Deleted>> delete(SqlClient tx, long id) {
    return tx.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      Long contactId = row.getLong("requester_contact_id");
      String key = contactId != null ? "contact:" + contactId : "user:" + row.getLong("requester_user_id");
      return Optional.of(new Deleted(row.getLong("id"), row.getString("ref"), key));
    });
  }

  /** The name of an active agent or admin with this id, if there is one. */
  public static Future<Optional<String>> staffName(SqlClient client, long userId) {
    return client.preparedQuery(STAFF_NAME).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
  }

  public static Future<Boolean> requesterExists(SqlClient client, String type, long id) {
    String sql = "contact".equals(type) ? REQUESTER_EXISTS_CONTACT : REQUESTER_EXISTS_USER;
    return client.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  public static Future<List<Ticket>> query(SqlClient client, String sql, Tuple params) {
    return client.preparedQuery(sql).execute(params).map(rows -> Sql.list(rows, Ticket::from));
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Optional<Ticket> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(Ticket.from(rows.iterator().next()));
  }
}
