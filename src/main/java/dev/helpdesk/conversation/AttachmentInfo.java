package dev.helpdesk.conversation;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** What the thread shows of a file: its name, type and size, never its bytes. */
public record AttachmentInfo(long id, String filename, String contentType, long size) {

  static final String COLUMNS = "a.id, a.message_id, a.filename, a.content_type, a.size";

  static AttachmentInfo from(Row row) {
    return new AttachmentInfo(row.getLong("id"), row.getString("filename"), row.getString("content_type"),
        row.getLong("size"));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("filename", filename).put("contentType", contentType).put("size", size);
  }
}
