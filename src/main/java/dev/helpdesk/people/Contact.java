package dev.helpdesk.people;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** Someone who asks for help without an account; signs in to the portal through emailed links. */
public record Contact(long id, String email, String name, String phone, String company, OffsetDateTime createdAt) {

  static final String COLUMNS = "id, email, name, phone, company, created_at";

  static Contact from(Row row) {
    return new Contact(row.getLong("id"), row.getString("email"), row.getString("name"),
        row.getString("phone"), row.getString("company"), row.getOffsetDateTime("created_at"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("email", email)
        .put("name", name)
        .put("phone", phone)
        .put("company", company)
        .put("createdAt", createdAt.toInstant().toString());
  }
}
