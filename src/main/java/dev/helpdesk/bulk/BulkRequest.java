package dev.helpdesk.bulk;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated bulk body: {@code {"ids": [..] | "query": "...", "set": {...}}} or
 * {@code {"ids": [..], "delete": true}}. Every problem is reported at once.
 */
public record BulkRequest(List<Long> ids, String query, Change set, boolean delete) {

  /** At most this many tickets per request, by ids or by query. */
  public static final int MAX_TICKETS = 50_000;
  public static final int QUERY_MAX = 2000;

  private static final Set<String> FIELDS = Set.of("ids", "query", "set", "delete");
  private static final Set<String> SET_FIELDS = Set.of("status", "priority", "category", "assignee");

  /** What to set; null keeps a field as is. {@code setAssignee} with a null id unassigns. */
  public record Change(Status status, Priority priority, Category category, boolean setAssignee, Long assigneeId) {
    boolean isEmpty() {
      return status == null && priority == null && category == null && !setAssignee;
    }
  }

  public static BulkRequest from(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new ApiError(415, "Unsupported media type", "Send the body as application/json", List.of(), null);
    }
    JsonObject body;
    try {
      String text = dev.helpdesk.http.JsonFields.bodyText(ctx);
      body = text == null || text.isBlank() ? null : new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw ApiError.badRequest("The body is not a valid JSON object");
    }
    if (body == null) {
      throw ApiError.badRequest("A JSON object body is required");
    }
    List<ApiError.FieldError> errors = new ArrayList<>();
    for (String key : body.fieldNames()) {
      if (!FIELDS.contains(key)) {
        errors.add(new ApiError.FieldError(key, "is not a known field; known fields are ids, query, set, delete"));
      }
    }
    List<Long> ids = ids(body, errors);
    Object query = body.getValue("query");
    if (query != null && !(query instanceof String)) {
      errors.add(new ApiError.FieldError("query", "must be a token query string"));
    } else if (query instanceof String q && (q.length() > QUERY_MAX || q.indexOf('\u0000') >= 0)) {
      // the same bound as ?q= of the list
      errors.add(new ApiError.FieldError("query", "must be at most " + QUERY_MAX + " characters, without NUL"));
    }
    if ((ids == null) == (query == null)) {
      errors.add(new ApiError.FieldError("ids", "give either ids or query (not both)"));
    }
    Object delete = body.getValue("delete");
    if (delete != null && !(delete instanceof Boolean)) {
      errors.add(new ApiError.FieldError("delete", "must be true or false"));
    }
    boolean deleting = Boolean.TRUE.equals(delete);
    Change change = deleting ? null : change(body, errors);
    if (deleting && body.containsKey("set")) {
      errors.add(new ApiError.FieldError("set", "give either set or delete, not both"));
    }
    if (deleting && query != null) {
      errors.add(new ApiError.FieldError("query", "a bulk delete takes the ids of the tickets, not a query"));
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
    return new BulkRequest(ids, (String) query, change, deleting);
  }

  private static List<Long> ids(JsonObject body, List<ApiError.FieldError> errors) {
    Object value = body.getValue("ids");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      errors.add(new ApiError.FieldError("ids", "must be an array of ticket ids"));
      return List.of();
    }
    if (array.size() > MAX_TICKETS) {
      errors.add(new ApiError.FieldError("ids", "must have at most " + MAX_TICKETS + " ids"));
      return List.of();
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (item instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
        ids.add(n.longValue());
      } else {
        errors.add(new ApiError.FieldError("ids[" + i + "]", "must be a positive ticket id"));
      }
    }
    return List.copyOf(ids);
  }

  private static Change change(JsonObject body, List<ApiError.FieldError> errors) {
    Object value = body.getValue("set");
    if (!(value instanceof JsonObject set)) {
      errors.add(new ApiError.FieldError("set", "is required: an object with any of status, priority, category,"
          + " assignee (or send \"delete\": true)"));
      return null;
    }
    for (String key : set.fieldNames()) {
      if (!SET_FIELDS.contains(key)) {
        errors.add(new ApiError.FieldError("set." + key, "is not a field a bulk change sets; use status, priority,"
            + " category or assignee"));
      }
    }
    Status status = enumValue(set, "status", Status.class, errors);
    Priority priority = enumValue(set, "priority", Priority.class, errors);
    Category category = enumValue(set, "category", Category.class, errors);
    Long assignee = null;
    Object a = set.getValue("assignee");
    if (a != null) {
      if (a instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
        assignee = n.longValue();
      } else {
        errors.add(new ApiError.FieldError("set.assignee", "must be a user id, or null to unassign"));
      }
    }
    Change change = new Change(status, priority, category, set.containsKey("assignee"), assignee);
    if (change.isEmpty() && errors.isEmpty()) {
      errors.add(new ApiError.FieldError("set", "must set at least one of status, priority, category, assignee"));
    }
    return change;
  }

  private static <E extends Enum<E> & WireEnum> E enumValue(JsonObject set, String field, Class<E> type,
                                                            List<ApiError.FieldError> errors) {
    Object value = set.getValue(field);
    if (value == null) {
      if (set.containsKey(field)) {
        errors.add(new ApiError.FieldError("set." + field, "must not be null; leave it out to keep it as is"));
      }
      return null;
    }
    E parsed = value instanceof String s ? WireEnum.parse(type, s).orElse(null) : null;
    if (parsed == null) {
      errors.add(new ApiError.FieldError("set." + field, "must be one of " + WireEnum.choices(type)));
    }
    return parsed;
  }
}
