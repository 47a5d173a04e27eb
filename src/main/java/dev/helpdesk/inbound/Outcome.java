package dev.helpdesk.inbound;

import io.vertx.core.json.JsonObject;

/** What became of one mail: created, appended, ignored or duplicate, the ticket it went to, and why. */
public record Outcome(String outcome, String ticket, String reason) {

  static Outcome created(String ref) {
    return new Outcome("created", ref, null);
  }

  static Outcome appended(String ref) {
    return new Outcome("appended", ref, null);
  }

  static Outcome ignored(String ref, String reason) {
    return new Outcome("ignored", ref, reason);
  }

  static Outcome duplicate(String reason) {
    return new Outcome("duplicate", null, reason);
  }

  public JsonObject toJson() {
    return new JsonObject().put("outcome", outcome).put("ticket", ticket).put("reason", reason);
  }
}
