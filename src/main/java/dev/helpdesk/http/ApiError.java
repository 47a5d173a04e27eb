package dev.helpdesk.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A failure the client caused or must know about; {@link ProblemHandler} turns it into
 * problem JSON. Services fail their futures with these; nothing else reaches a client.
 */
public class ApiError extends RuntimeException {

  /** One bad field of a request body or query. */
  public record FieldError(String field, String message) {
    JsonObject toJson() {
      return new JsonObject().put("field", field).put("message", message);
    }
  }

  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final JsonObject extra;

  public ApiError(int status, String title, String detail, List<FieldError> errors, JsonObject extra) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.extra = extra;
  }

  public static ApiError invalid(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.get(0).field() + " " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return new ApiError(400, "Invalid request", detail, errors, null);
  }

  public static ApiError invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static ApiError badRequest(String detail) {
    return new ApiError(400, "Bad request", detail, List.of(), null);
  }

  public static ApiError unauthorized(String detail) {
    return new ApiError(401, "Unauthorized", detail, List.of(), null);
  }

  public static ApiError forbidden(String detail) {
    return new ApiError(403, "Forbidden", detail, List.of(), null);
  }

  public static ApiError notFound(String detail) {
    return new ApiError(404, "Not found", detail, List.of(), null);
  }

  /** A stale version: the client gets what is there now, to merge or reload. */
  /** 409 with what is stored now (an object, or a list such as the routing rules), for the client to show. */
  public static ApiError conflict(String detail, Object current) {
    return new ApiError(409, "Conflict", detail, List.of(), new JsonObject().put("current", current));
  }

  public static ApiError conflict(String detail) {
    return new ApiError(409, "Conflict", detail, List.of(), null);
  }

  public static ApiError unprocessable(String detail) {
    return new ApiError(422, "Unprocessable request", detail, List.of(), null);
  }

  /** The HTTP face of a domain error: the one place where domain errors get their status. */
  public static ApiError of(dev.helpdesk.domain.DomainError error) {
    String detail = error.getMessage();
    if (error instanceof dev.helpdesk.domain.DomainError.NotFound) {
      return notFound(detail);
    }
    if (error instanceof dev.helpdesk.domain.DomainError.Invalid invalid) {
      return invalid(invalid.errors().stream().map(e -> new FieldError(e.field(), e.message())).toList());
    }
    if (error instanceof dev.helpdesk.domain.DomainError.Conflict conflict) {
      return new ApiError(409, "Conflict", detail,
          conflict.errors().stream().map(e -> new FieldError(e.field(), e.message())).toList(),
          conflict.current() == null ? null : new JsonObject().put("current", conflict.current()));
    }
    if (error instanceof dev.helpdesk.domain.DomainError.Forbidden) {
      return forbidden(detail);
    }
    return unprocessable(detail);
  }

  /** The bad fields, if any. */
  public List<FieldError> errors() {
    return errors == null ? List.of() : errors;
  }

  public int status() {
    return status;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", getMessage());
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    if (extra != null) {
      json.mergeIn(extra);
    }
    return json;
  }
}
