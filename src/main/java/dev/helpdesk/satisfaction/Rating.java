package dev.helpdesk.satisfaction;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;

/** A ticket's rating, as the ticket JSON shows it: {@code {"rating", "comment", "at"}}. */
public record Rating(String rating, String comment, Instant at) {

  static Rating from(Row row) {
    return new Rating(row.getString("rating"), row.getString("comment"),
        row.getOffsetDateTime("rated_at").toInstant());
  }

  public boolean isBad() {
    return "bad".equals(rating);
  }

  public JsonObject toJson() {
    return new JsonObject().put("rating", rating).put("comment", comment).put("at", at.toString());
  }
}
