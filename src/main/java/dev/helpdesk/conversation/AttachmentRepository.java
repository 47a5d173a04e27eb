package dev.helpdesk.conversation;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for files: a header row and the bytes in numbered chunks. */
public final class AttachmentRepository {

  static final int CHUNK_SIZE = 256 * 1024;

  private static final String INSERT = "INSERT INTO attachments (uploader, filename, content_type, size)"
      + " VALUES ($1, $2, $3, $4) RETURNING id";
  private static final String INSERT_CHUNK = "INSERT INTO attachment_chunks (attachment_id, seq, data) VALUES ($1, $2, $3)";
  private static final String ATTACH = "UPDATE attachments SET message_id = $1"
      + " WHERE id = ANY($2) AND uploader = $3 AND message_id IS NULL RETURNING id, filename, content_type, size";
  private static final String FOR_MESSAGES = "SELECT " + AttachmentInfo.COLUMNS + " FROM attachments a"
      + " WHERE a.message_id = ANY($1) ORDER BY a.id";
  private static final String ACCESS = "SELECT a.id, a.message_id, a.uploader, a.filename, a.content_type, a.size,"
      + " m.type AS message_type, CASE WHEN t.requester_contact_id IS NOT NULL"
      + " THEN 'contact:' || t.requester_contact_id ELSE 'user:' || t.requester_user_id END AS requester"
      + " FROM attachments a LEFT JOIN messages m ON m.id = a.message_id LEFT JOIN tickets t ON t.id = m.ticket_id"
      + " WHERE a.id = $1";
  private static final String CHUNK = "SELECT data FROM attachment_chunks WHERE attachment_id = $1 AND seq = $2";

  /** Who may see a file: its uploader until it is attached, then whoever may see its message. */
  public record Access(AttachmentInfo info, Long messageId, String uploader, String messageType, String requester) {}

  private AttachmentRepository() {}

  static Future<Long> insert(SqlClient tx, String uploader, String filename, String contentType, long size) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(uploader, filename, contentType, size))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Hook for mail in: a file taken from a mail, stored for {@code uploader} to attach, as an upload would be. */
  public static Future<AttachmentInfo> storeFile(SqlClient tx, String uploader, String filename, String contentType,
                                                 byte[] data) {
    Buffer all = Buffer.buffer(data);
    String name = FileNames.clean(filename);
    String type = FileTypes.detect(all.slice(0, Math.min(data.length, CHUNK_SIZE)), contentType);
    return insert(tx, uploader, name, type, data.length).compose(id -> {
      Future<Void> chain = Future.succeededFuture();
      for (int seq = 0; seq == 0 || (long) seq * CHUNK_SIZE < data.length; seq++) {
        int n = seq;
        int from = n * CHUNK_SIZE;
        chain = chain.compose(v -> insertChunk(tx, id, n, all.slice(from, Math.min(data.length, from + CHUNK_SIZE))));
      }
      return chain.map(new AttachmentInfo(id, name, type, data.length));
    });
  }

  static Future<Void> insertChunk(SqlClient tx, long id, int seq, Buffer data) {
    return tx.preparedQuery(INSERT_CHUNK).execute(Tuple.of(id, seq, data)).mapEmpty();
  }

  /** Attaches the caller's own unattached uploads; returns those it attached. */
  static Future<List<AttachmentInfo>> attach(SqlClient tx, long messageId, List<Long> ids, String uploader) {
    return tx.preparedQuery(ATTACH).execute(Tuple.of(messageId, ids.toArray(Long[]::new), uploader))
        .map(rows -> {
          List<AttachmentInfo> list = new ArrayList<>();
          for (Row row : rows) {
            list.add(AttachmentInfo.from(row));
          }
          return list;
        });
  }

  public static Future<Map<Long, List<AttachmentInfo>>> forMessages(SqlClient client, List<Long> messageIds) {
    if (messageIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery(FOR_MESSAGES).execute(Tuple.of((Object) messageIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, List<AttachmentInfo>> byMessage = new HashMap<>();
          for (Row row : rows) {
            byMessage.computeIfAbsent(row.getLong("message_id"), k -> new ArrayList<>()).add(AttachmentInfo.from(row));
          }
          return byMessage;
        });
  }

  static Future<Optional<Access>> access(SqlClient client, long id) {
    return client.preparedQuery(ACCESS).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Access(AttachmentInfo.from(row), row.getLong("message_id"), row.getString("uploader"),
          row.getString("message_type"), row.getString("requester")));
    });
  }

  static Future<Buffer> chunk(SqlClient client, long id, int seq) {
    return client.preparedQuery(CHUNK).execute(Tuple.of(id, seq))
        .map(rows -> rows.iterator().next().getBuffer(0));
  }
}
