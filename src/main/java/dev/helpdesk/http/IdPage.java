package dev.helpdesk.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * A newest-first page keyed by id: {@code ?limit=&cursor=}, where the cursor is the last id of
 * the page before. One row more than the limit is fetched to know whether another page follows.
 */
public record IdPage(int limit, Long before) {

  public static IdPage of(RoutingContext ctx) {
    int limit = Params.intParam(ctx, "limit", 50, 1, 200);
    String cursor = Params.string(ctx, "cursor", 20);
    try {
      return new IdPage(limit, cursor == null || cursor.isEmpty() ? null : Long.parseLong(cursor));
    } catch (NumberFormatException e) {
      throw ApiError.invalid("cursor", "must be the nextCursor of a previous page");
    }
  }

  /** The rows to ask for: one more than the page holds. */
  public int fetch() {
    return limit + 1;
  }

  /** {@code {"items", "nextCursor"}} from the fetched rows (each with an "id"). */
  public JsonObject answer(List<JsonObject> fetched) {
    List<JsonObject> items = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
    String next = fetched.size() > limit ? String.valueOf(items.get(limit - 1).getLong("id")) : null;
    return new JsonObject().put("items", new JsonArray(items)).put("nextCursor", next);
  }
}
