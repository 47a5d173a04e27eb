package dev.helpdesk.live;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A client → server frame, checked; {@link Bad} carries the sentence the error frame shows. */
record ClientFrame(String type, String topic, String ticket, String state, long after) {

  static final int MAX_CHARS = 16 * 1024;
  private static final Set<String> STATES = Set.of("viewing", "typing", "left");

  /** A frame the server cannot act on; the socket stays open. */
  static final class Bad extends RuntimeException {
    Bad(String detail) {
      super(detail, null, false, false);
    }
  }

  static ClientFrame parse(String text) {
    if (text.length() > MAX_CHARS) {
      throw new Bad("A frame may hold at most 16 KB");
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new Bad("A frame must be a JSON object such as {\"type\":\"subscribe\",\"topic\":\"tickets\"}");
    }
    Object type = json.getValue("type");
    if (!(type instanceof String t)) {
      throw new Bad("The frame needs a \"type\": subscribe, unsubscribe, presence, resume or ping");
    }
    return switch (t) {
      case "subscribe", "unsubscribe" -> new ClientFrame(t, string(json, "topic"), null, null, 0);
      case "presence" -> {
        String state = string(json, "state");
        if (!STATES.contains(state)) {
          throw new Bad("\"state\" must be viewing, typing or left");
        }
        yield new ClientFrame(t, null, string(json, "ticket"), state, 0);
      }
      case "resume" -> {
        Object after = json.getValue("after");
        if (!(after instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
          throw new Bad("\"after\" must be the id of the last event seen (a whole number, 0 or more)");
        }
        yield new ClientFrame(t, null, null, null, n.longValue());
      }
      case "ping" -> new ClientFrame(t, null, null, null, 0);
      default -> throw new Bad("Unknown frame type '" + shorten(t) + "': use subscribe, unsubscribe, presence, resume"
          + " or ping");
    };
  }

  private static String string(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String s) || s.isBlank() || s.length() > 200) {
      throw new Bad("\"" + field + "\" must be a string of 1 to 200 characters");
    }
    return s;
  }

  static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
