package dev.helpdesk.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/** Builders for the people and tickets tests need, through the API. */
public final class Fixtures {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private Fixtures() {}

  public static String uniqueEmail(String name) {
    return name.toLowerCase().replaceAll("[^a-z0-9]+", ".") + "-" + SEQ.incrementAndGet() + "@test.example";
  }

  public static JsonObject contact(Api staff, String name) {
    Api.Response r = staff.post("/api/contacts", new JsonObject().put("email", uniqueEmail(name)).put("name", name));
    check(r, 201);
    return r.json();
  }

  /** A user with a password; returns the user JSON with "password" added. */
  public static JsonObject user(Api admin, String name, String role) {
    String password = "password-" + name;
    Api.Response r = admin.post("/api/users", new JsonObject().put("email", uniqueEmail(name)).put("name", name)
        .put("role", role).put("password", password));
    check(r, 201);
    return r.json().put("password", password);
  }

  public static Api login(TestApp app, JsonObject user) {
    return Api.login(app.baseUrl(), user.getString("email"), user.getString("password"));
  }

  public static JsonObject ticketBody(String subject, String requesterType, long requesterId) {
    return new JsonObject()
        .put("subject", subject)
        .put("description", "Details of " + subject)
        .put("requester", new JsonObject().put("type", requesterType).put("id", requesterId))
        .put("channel", "email")
        .put("priority", "medium")
        .put("category", "general")
        .put("tags", new JsonArray().add("test"));
  }

  public static JsonObject ticket(Api staff, String subject, JsonObject contact) {
    Api.Response r = staff.post("/api/tickets", ticketBody(subject, "contact", contact.getLong("id")));
    check(r, 201);
    return r.json();
  }

  public static void check(Api.Response r, int status) {
    if (r.status() != status) {
      throw new AssertionError("expected " + status + " but got " + r);
    }
  }
}
