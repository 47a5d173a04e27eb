package dev.helpdesk.macro;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/**
 * A canned reply with actions.
 *
 * @param message {@code {"type": "reply"|"note", "body"}} or null
 * @param set     {@code {"status"?, "priority"?, "category"?, "assignee"?, "addTags"?, "removeTags"?}}
 */
record Macro(long id, long ownerId, String title, JsonObject message, JsonObject set, boolean shared) {

  static final String COLUMNS = "id, owner_id, title, message, actions, shared";

  static Macro from(Row row) {
    return new Macro(row.getLong("id"), row.getLong("owner_id"), row.getString("title"),
        (JsonObject) row.getJson("message"), (JsonObject) row.getJson("actions"), row.getBoolean("shared"));
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("title", title).put("message", message).put("set", set)
        .put("shared", shared).put("ownerId", ownerId);
  }
}
