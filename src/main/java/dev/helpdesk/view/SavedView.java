package dev.helpdesk.view;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** A named token query and sort; {@code position} orders a person's sidebar. */
public record SavedView(long id, long ownerId, String name, String query, String sort, boolean shared, int position) {

  static final String COLUMNS = "id, owner_id, name, query, sort, shared, position";

  static SavedView from(Row row) {
    return new SavedView(row.getLong("id"), row.getLong("owner_id"), row.getString("name"), row.getString("query"),
        row.getString("sort"), row.getBoolean("shared"), row.getInteger("position"));
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("query", query).put("sort", sort)
        .put("shared", shared).put("ownerId", ownerId).put("position", position);
  }
}
