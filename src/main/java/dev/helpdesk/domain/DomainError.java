package dev.helpdesk.domain;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A failure the caller caused, as the domain says it: services and the write path fail
 * with these and never name HTTP; {@code http.ProblemHandler} maps each type to a status.
 */
public abstract class DomainError extends RuntimeException {

  /** One bad field of a request. */
  public record FieldError(String field, String message) {}

  protected DomainError(String detail) {
    super(detail, null, false, false);
  }

  /** Something asked for does not exist, or the caller may not know it does. */
  public static final class NotFound extends DomainError {
    public NotFound(String detail) {
      super(detail);
    }
  }

  /** A stale version or a duplicate; {@code current} is what is there now, if the caller should see it. */
  public static final class Conflict extends DomainError {
    private final transient JsonObject current;
    private final List<FieldError> errors;

    public Conflict(String detail, JsonObject current) {
      this(detail, current, List.of());
    }

    public Conflict(String detail, JsonObject current, List<FieldError> errors) {
      super(detail);
      this.current = current;
      this.errors = errors;
    }

    public JsonObject current() {
      return current;
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /** Bad fields of a request. */
  public static final class Invalid extends DomainError {
    private final List<FieldError> errors;

    public Invalid(String field, String message) {
      this(List.of(new FieldError(field, message)));
    }

    public Invalid(List<FieldError> errors) {
      super(errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
          : errors.size() + " fields are invalid");
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /** A well-formed request the rules refuse (a closed ticket moved anywhere but open, a merge into itself). */
  public static final class Unprocessable extends DomainError {
    public Unprocessable(String detail) {
      super(detail);
    }
  }

  /** The caller is known but may not do this. */
  public static final class Forbidden extends DomainError {
    public Forbidden(String detail) {
      super(detail);
    }
  }
}
