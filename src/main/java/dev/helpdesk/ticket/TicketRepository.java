package dev.helpdesk.ticket;

import dev.helpdesk.db.Sql;
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
  private static final String STAFF_NAME = "SELECT name FROM users WHERE id = $1 AND role IN ('admin', 'agent') AND active";
  private static final String REQUESTER_EXISTS_CONTACT = "SELECT 1 FROM contacts WHERE id = $1";
  private static final String REQUESTER_EXISTS_USER = "SELECT 1 FROM users WHERE id = $1";

  private TicketRepository() {}

  public static Future<Optional<Ticket>> findById(SqlClient client, long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(TicketRepository::first);
  }

  public static Future<Optional<Ticket>> lockById(SqlClient tx, long id) {
    return tx.preparedQuery(BY_ID_FOR_UPDATE).execute(Tuple.of(id)).map(TicketRepository::first);
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
