package dev.helpdesk.live;

import dev.helpdesk.auth.Caller;
import io.vertx.core.json.JsonObject;

/** Who is on the other end of a socket: staff, a requester, or a wallboard link. */
record Viewer(Kind kind, long userId, String name, String requesterKey) {

  enum Kind { STAFF, REQUESTER, WALLBOARD }

  static final Viewer WALLBOARD = new Viewer(Kind.WALLBOARD, 0, "Wallboard", null);

  static Viewer of(Caller caller) {
    return new Viewer(caller.isStaff() ? Kind.STAFF : Kind.REQUESTER, caller.id(), caller.name(),
        caller.requesterKey());
  }

  boolean isStaff() {
    return kind == Kind.STAFF;
  }

  boolean isRequester() {
    return kind == Kind.REQUESTER;
  }

  /** Staff see every event; a requester only the non-internal events of their own tickets; a wallboard none. */
  boolean mayRead(LiveEvent event) {
    return switch (kind) {
      case STAFF -> NotificationTopic.mayRead(this, event);
      case REQUESTER -> !event.internal() && requesterKey.equals(event.requester());
      case WALLBOARD -> false;
    };
  }

  /** Why this viewer may not follow the (canonical) topic, or null if it may. */
  String refusal(String topic) {
    return switch (kind) {
      case STAFF -> null;
      case REQUESTER -> Topics.WALLBOARD.equals(topic) ? "Only staff and wallboards may follow the wallboard" : null;
      case WALLBOARD -> Topics.WALLBOARD.equals(topic) ? null : "A wallboard link may only follow the wallboard";
    };
  }

  JsonObject toJson() {
    return kind == Kind.WALLBOARD ? new JsonObject().put("role", "wallboard")
        : new JsonObject().put("id", userId).put("name", name).put("role", isStaff() ? "staff" : "requester");
  }
}
