package dev.helpdesk.auth;

import io.vertx.core.json.JsonObject;

/**
 * Who is making a request, from a verified token. A requester is either a user with
 * the requester role or a contact signed in through a portal link.
 */
public record Caller(long id, Kind kind, Role role, String name, String email) {

  public enum Kind { USER, CONTACT }

  /** The service itself, for what happens on its own (the SLA watcher, closing resolved tickets). */
  public static Caller system() {
    return new Caller(0, Kind.USER, Role.ADMIN, "Help desk", null);
  }

  public boolean isSystem() {
    return id == 0;
  }

  public boolean isStaff() {
    return role.isStaff();
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** The key tickets and events carry for their requester: {@code contact:3} or {@code user:5}. */
  public String requesterKey() {
    return kind.name().toLowerCase() + ":" + id;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("type", kind.name().toLowerCase())
        .put("role", role.wire())
        .put("name", name)
        .put("email", email);
  }
}
