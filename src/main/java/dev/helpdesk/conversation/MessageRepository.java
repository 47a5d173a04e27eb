package dev.helpdesk.conversation;

import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** Reading a ticket's thread (messages are written by dev.helpdesk.writes). */
public final class MessageRepository {

  private static final String THREAD = "SELECT " + Message.COLUMNS + " FROM messages m" + Message.JOINS
      + " WHERE m.ticket_id = $1 AND ($2 OR m.type <> 'note') ORDER BY m.created_at, m.id";

  private MessageRepository() {}

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
