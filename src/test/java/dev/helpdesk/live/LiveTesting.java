package dev.helpdesk.live;

import dev.helpdesk.events.EventLog;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/** Helpers the live tests share. */
final class LiveTesting {

  private LiveTesting() {}

  /** A ticket whose requester is a user (who can sign in and so hold a socket). */
  static JsonObject ticketFor(Api staff, String subject, JsonObject requesterUser) {
    Api.Response r = staff.post("/api/tickets", Fixtures.ticketBody(subject, "user", requesterUser.getLong("id")));
    Fixtures.check(r, 201);
    return r.json();
  }

  /**
   * Appends a note's message.created event the way the conversation service does (internal,
   * in a transaction), without needing the notes API.
   */
  static long noteEvent(TestApp app, JsonObject ticket, String body) {
    JsonObject requester = ticket.getJsonObject("requester");
    String key = requester.getString("type") + ":" + requester.getLong("id");
    JsonObject payload = new JsonObject().put("ticketRef", ticket.getString("ref")).put("message", new JsonObject()
        .put("id", 0).put("ticketId", ticket.getLong("id")).put("type", "note").put("body", body));
    try {
      app.app().pool()
          .withTransaction(tx -> EventLog.append(tx, "message.created", ticket.getLong("id"), key, true, payload))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return app.queryLong("SELECT max(id) FROM events WHERE internal");
  }

  static JsonObject frame(String type) {
    return new JsonObject().put("type", type);
  }

  /** Changes a ticket's subject through the API; returns the new ticket. */
  static JsonObject rename(Api staff, JsonObject ticket, String subject) {
    JsonObject current = staff.get("/api/tickets/" + ticket.getString("ref")).json();
    Api.Response r = staff.patch("/api/tickets/" + ticket.getString("ref"),
        new JsonObject().put("subject", subject).put("version", current.getInteger("version")));
    Fixtures.check(r, 200);
    return r.json();
  }
}
