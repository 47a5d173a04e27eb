package dev.helpdesk.people;

import dev.helpdesk.auth.Role;
import dev.helpdesk.domain.WireEnum;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/** A person who signs in with a password: admin, agent or requester. */
public record User(long id, String email, String name, Role role, boolean active, String passwordHash,
                   OffsetDateTime createdAt, OffsetDateTime lastSeenAt, boolean invitationPending) {

  public static final String COLUMNS = "id, email, name, role, active, password_hash, created_at, last_seen_at,"
      + " invited_at IS NOT NULL AS invitation_pending";

  public static User from(Row row) {
    return new User(row.getLong("id"), row.getString("email"), row.getString("name"),
        WireEnum.parse(Role.class, row.getString("role")).orElseThrow(), row.getBoolean("active"),
        row.getString("password_hash"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_seen_at"),
        Boolean.TRUE.equals(row.getBoolean("invitation_pending")));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("email", email)
        .put("name", name)
        .put("role", role.wire())
        .put("active", active)
        .put("createdAt", createdAt.toInstant().toString())
        .put("lastSeenAt", lastSeenAt == null ? null : lastSeenAt.toInstant().toString())
        .put("invitationPending", invitationPending);
  }
}
