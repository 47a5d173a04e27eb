package dev.helpdesk.conversation;

import dev.helpdesk.domain.WireEnum;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;

/** One entry of a ticket's thread. */
public record Message(long id, long ticketId, MessageType type, Author author, String body, Instant createdAt,
                      String mergedFrom, List<AttachmentInfo> attachments) {

  /** Who wrote it: a user or a contact. */
  public record Author(String type, long id, String name) {}

  static final String COLUMNS = "m.id, m.ticket_id, m.type, m.author_user_id, m.author_contact_id,"
      + " coalesce(au.name, ac.name) AS author_name, m.body, m.created_at, m.merged_from";
  static final String JOINS = " LEFT JOIN users au ON au.id = m.author_user_id"
      + " LEFT JOIN contacts ac ON ac.id = m.author_contact_id";

  static Message from(Row row) {
    Long userId = row.getLong("author_user_id");
    Long contactId = row.getLong("author_contact_id");
    Author author = userId != null ? new Author("user", userId, row.getString("author_name"))
        : contactId != null ? new Author("contact", contactId, row.getString("author_name"))
        : null;
    return new Message(row.getLong("id"), row.getLong("ticket_id"),
        WireEnum.parse(MessageType.class, row.getString("type")).orElseThrow(), author, row.getString("body"),
        row.getOffsetDateTime("created_at").toInstant(), row.getString("merged_from"), List.of());
  }

  public Message withAttachments(List<AttachmentInfo> files) {
    return new Message(id, ticketId, type, author, body, createdAt, mergedFrom, List.copyOf(files));
  }

  public boolean isInternal() {
    return type == MessageType.NOTE;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("ticketId", ticketId)
        .put("type", type.wire())
        .put("author", author == null ? null
            : new JsonObject().put("type", author.type()).put("id", author.id()).put("name", author.name()))
        .put("body", body)
        .put("attachments", new JsonArray(attachments.stream().map(AttachmentInfo::toJson).toList()))
        .put("createdAt", createdAt.toString())
        .put("mergedFrom", mergedFrom);
  }
}
