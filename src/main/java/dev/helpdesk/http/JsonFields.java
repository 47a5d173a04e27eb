package dev.helpdesk.http;

import dev.helpdesk.domain.WireEnum;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and validates a JSON request body field by field, collecting every problem so
 * that the client hears about all bad fields at once. {@link #check()} throws them.
 */
public final class JsonFields {

  // compiled once: String.matches compiles its pattern on every call
  private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[\\p{L}\\p{N}_.\\-:/+#@ ]+");

  private final JsonObject json;
  private final List<ApiError.FieldError> errors = new ArrayList<>();

  private JsonFields(JsonObject json) {
    this.json = json;
  }

  /** Parses the body as a JSON object whose keys must all be in {@code allowed}. */
  public static JsonFields of(RoutingContext ctx, Set<String> allowed) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new ApiError(415, "Unsupported media type", "Send the body as application/json", List.of(), null);
    }
    String text = bodyText(ctx);
    if (text == null || text.isBlank()) {
      throw ApiError.badRequest("A JSON object body is required");
    }
    text = text.strip();
    JsonObject object;
    try {
      if (!text.startsWith("{")) {
        throw ApiError.badRequest("The body must be a JSON object");
      }
      object = new JsonObject(text);
    } catch (DecodeException e) {
      throw ApiError.badRequest("The body is not valid JSON");
    }
    JsonFields fields = new JsonFields(object);
    for (String key : object.fieldNames()) {
      if (!allowed.contains(key)) {
        fields.error(key, "is not a known field; known fields are " + String.join(", ", allowed));
      }
    }
    return fields;
  }

  /**
   * The body decoded as strict UTF-8, or null when there is none: malformed bytes are a 400,
   * never silently replaced by U+FFFD and stored.
   */
  public static String bodyText(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().buffer() == null) {
      return null;
    }
    byte[] bytes = ctx.body().buffer().getBytes();
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw ApiError.badRequest("The body is not valid UTF-8");
    }
  }

  public boolean has(String field) {
    return json.containsKey(field);
  }

  public boolean isNull(String field) {
    return json.containsKey(field) && json.getValue(field) == null;
  }

  public void error(String field, String message) {
    errors.add(new ApiError.FieldError(field, message));
  }

  /** Throws every collected problem as one 400. */
  public void check() {
    if (!errors.isEmpty()) {
      throw ApiError.invalid(errors);
    }
  }

  public String string(String field, boolean required, int minLength, int maxLength) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      error(field, "must be a string");
      return null;
    }
    String trimmed = s.strip();
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length < minLength) {
      error(field, minLength == 1 ? "must not be empty" : "must be at least " + minLength + " characters");
      return null;
    }
    if (length > maxLength) {
      error(field, "must be at most " + maxLength + " characters");
      return null;
    }
    String problem = textProblem(trimmed);
    if (problem != null) {
      error(field, problem);
      return null;
    }
    return trimmed;
  }

  /**
   * Why a text cannot be stored as sent, or null: a NUL (PostgreSQL text refuses it) or half of a
   * surrogate pair (a JSON escape such as {@code \ud800}: valid JSON, but no UTF-8 can hold it, and
   * it would be stored as "?"). Every free text a body carries is checked here.
   */
  public static String textProblem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\u0000') {
        return "must not contain NUL characters";
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must be valid Unicode text; it holds half of a surrogate pair";
      }
    }
    return null;
  }

  /**
   * Whether a trimmed text is made of the characters a ticket's tag may hold (its length is the
   * caller's to check): the one rule for tags, wherever they come from (a ticket, a macro, a rule).
   */
  public static boolean tagCharacters(String tag) {
    return !tag.isEmpty() && TAG.matcher(tag).matches();
  }

  public String email(String field, boolean required) {
    String value = string(field, required, 3, 254);
    if (value != null && !EMAIL.matcher(value).matches()) {
      error(field, "must be an email address");
      return null;
    }
    return value == null ? null : value.toLowerCase();
  }

  public <E extends Enum<E> & WireEnum> E enumValue(String field, Class<E> type, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    E parsed = value instanceof String s ? WireEnum.parse(type, s).orElse(null) : null;
    if (parsed == null) {
      error(field, "must be one of " + WireEnum.choices(type));
    }
    return parsed;
  }

  /** A positive integer id. */
  public Long id(String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    return positiveLong(field, value);
  }

  public Integer integer(String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
      return n.intValue();
    }
    error(field, "must be a whole number");
    return null;
  }

  public Boolean bool(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    error(field, "must be true or false");
    return null;
  }

  public Instant instant(String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      try {
        Instant instant = Instant.parse(s);
        if (instant.isAfter(Instant.parse("9999-12-31T23:59:59Z")) || instant.isBefore(Instant.parse("1970-01-01T00:00:00Z"))) {
          error(field, "must be between 1970 and 9999");
          return null;
        }
        return instant;
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    error(field, "must be an ISO-8601 UTC time such as 2026-11-23T14:05:00Z");
    return null;
  }

  /** A list of distinct short strings, lower-cased, as tags are. */
  public List<String> tags(String field, int maxCount, int maxLength) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      error(field, "must be an array of strings");
      return null;
    }
    if (array.size() > maxCount) {
      error(field, "must have at most " + maxCount + " tags");
      return null;
    }
    Set<String> tags = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String name = field + "[" + i + "]";
      if (!(item instanceof String s)) {
        error(name, "must be a string");
        continue;
      }
      String tag = s.strip().toLowerCase();
      if (tag.isEmpty() || tag.length() > maxLength) {
        error(name, "must be 1 to " + maxLength + " characters");
      } else if (!TAG.matcher(tag).matches()) {
        error(name, "may contain letters, digits, spaces and _ . - : / + # @ only");
      } else {
        tags.add(tag);
      }
    }
    return List.copyOf(tags);
  }

  /** A nested object, validated by the caller; null when absent. */
  public JsonObject object(String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        error(field, "is required");
      }
      return null;
    }
    if (value instanceof JsonObject o) {
      return o;
    }
    error(field, "must be an object");
    return null;
  }

  public Long positiveLong(String field, Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= 1 && n.doubleValue() < 9.0e15) {
      return n.longValue();
    }
    error(field, "must be a positive whole number");
    return null;
  }
}
