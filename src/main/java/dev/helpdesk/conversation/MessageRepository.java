package dev.helpdesk.conversation;

import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** SQL for a ticket's thread. */
public final class MessageRepository {

  private static final String INSERT_SYSTEM = "WITH m AS (INSERT INTO messages (ticket_id, type, author_user_id, body)"
      + " VALUES ($1, 'system', $2, $3) RETURNING *) SELECT " + Message.COLUMNS + " FROM m" + Message.JOINS;
  private static final String INSERT = "WITH m AS (INSERT INTO messages (ticket_id, type, author_user_id,"
      + " author_contact_id, body) VALUES ($1, $2, $3, $4, $5) RETURNING *) SELECT " + Message.COLUMNS + " FROM m"
      + Message.JOINS;
  private static final String THREAD = "SELECT " + Message.COLUMNS + " FROM messages m" + Message.JOINS
      + " WHERE m.ticket_id = $1 AND ($2 OR m.type <> 'note') ORDER BY m.created_at, m.id";

  private MessageRepository() {}

  /** A system message in the thread, written by the service on behalf of {@code actorUserId}. */
  public static Future<Message> insertSystem(SqlClient tx, long ticketId, Long actorUserId, String body) {
    return tx.preparedQuery(INSERT_SYSTEM).execute(Tuple.of(ticketId, actorUserId, body))
        .map(rows -> Message.from(rows.iterator().next()));
  }

  /** A reply or note by a user or a contact. */
  public static Future<Message> insert(SqlClient tx, long ticketId, MessageType type, Long authorUserId,
                                       Long authorContactId, String body) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(ticketId, type.wire(), authorUserId, authorContactId, body))
        .map(rows -> Message.from(rows.iterator().next()));
  }

  /** The thread oldest first, each message with its files. */
  public static Future<List<Message>> thread(SqlClient client, long ticketId, boolean includeNotes) {
    return client.preparedQuery(THREAD).execute(Tuple.of(ticketId, includeNotes))
        .map(rows -> Sql.list(rows, Message::from))
        .compose(messages -> AttachmentRepository.forMessages(client, messages.stream().map(Message::id).toList())
            .map(files -> messages.stream()
                .map(m -> files.containsKey(m.id()) ? m.withAttachments(files.get(m.id())) : m)
                .toList()));
  }
}
