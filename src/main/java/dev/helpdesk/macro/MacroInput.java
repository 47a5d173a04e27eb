package dev.helpdesk.macro;

import dev.helpdesk.conversation.ConversationRoutes;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Validates a macro body: every bad field reported at once, named as it is nested ({@code set.status}). */
final class MacroInput {

  static final Set<String> FIELDS = Set.of("title", "message", "set", "shared");
  private static final Set<String> SET_FIELDS = Set.of("status", "priority", "category", "assignee", "addTags",
      "removeTags");
  /** A macro's message is posted as a message, so it is held to a message's limit. */
  static final int BODY_MAX = ConversationRoutes.BODY_MAX;

  private MacroInput() {}

  /** The message part, or null; errors go to {@code f}. */
  static JsonObject message(JsonFields f, JsonObject m) {
    if (m == null) {
      return null;
    }
    JsonObject clean = new JsonObject();
    for (String key : m.fieldNames()) {
      if (!key.equals("type") && !key.equals("body")) {
        f.error("message." + key, "is not a known field; known fields are type, body");
      }
    }
    Object type = m.getValue("type");
    if (!"reply".equals(type) && !"note".equals(type)) {
      f.error("message.type", "must be one of reply, note");
    }
    Object body = m.getValue("body");
    if (!(body instanceof String s) || s.isBlank() || s.codePointCount(0, s.length()) > BODY_MAX) {
      f.error("message.body", "must be text of 1 to " + String.format(java.util.Locale.ROOT, "%,d", BODY_MAX)
          + " characters");
    } else if (JsonFields.textProblem(s) != null) {
      f.error("message.body", JsonFields.textProblem(s));
    } else {
      Set<String> unknown = Placeholders.unknown(s);
      if (!unknown.isEmpty()) {
        f.error("message.body", "has unknown placeholders " + unknown + "; known are {{requester.name}},"
            + " {{ticket.ref}}, {{ticket.subject}}, {{agent.name}}");
      }
    }
    return clean.put("type", type).put("body", body);
  }

  /** The actions part ({@code {}} when absent); errors go to {@code f}. */
  static JsonObject set(JsonFields f, JsonObject s) {
    JsonObject clean = new JsonObject();
    if (s == null) {
      return clean;
    }
    for (String key : s.fieldNames()) {
      Object value = s.getValue(key);
      String name = "set." + key;
      switch (key) {
        case "status" -> wire(f, name, value, Status.class, clean, key);
        case "priority" -> wire(f, name, value, Priority.class, clean, key);
        case "category" -> wire(f, name, value, Category.class, clean, key);
        case "assignee" -> {
          if (value == null) {
            clean.putNull(key);
          } else if (f.positiveLong(name, value) != null) {
            clean.put(key, ((Number) value).longValue());
          }
        }
        case "addTags", "removeTags" -> {
          List<String> tags = tags(f, name, value);
          if (tags != null) {
            clean.put(key, new JsonArray(tags));
          }
        }
        default -> f.error(name, "is not a known field; known fields are " + String.join(", ", SET_FIELDS));
      }
    }
    return clean;
  }

  private static <E extends Enum<E> & WireEnum> void wire(JsonFields f, String name, Object value, Class<E> type,
                                                          JsonObject clean, String key) {
    if (value instanceof String s && WireEnum.parse(type, s).isPresent()) {
      clean.put(key, s);
    } else {
      f.error(name, "must be one of " + WireEnum.choices(type));
    }
  }

  private static List<String> tags(JsonFields f, String name, Object value) {
    if (!(value instanceof JsonArray a) || a.size() > 20) {
      f.error(name, "must be a list of at most 20 tags");
      return null;
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (a.getValue(i) instanceof String t && t.strip().length() <= 40 && JsonFields.tagCharacters(t.strip())) {
        out.add(t.strip().toLowerCase());
      } else {
        f.error(name + "[" + i + "]", "must be a tag of 1 to 40 letters, digits, spaces and _ . - : / + # @");
      }
    }
    return out;
  }
}
