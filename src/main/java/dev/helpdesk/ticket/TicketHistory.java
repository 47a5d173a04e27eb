package dev.helpdesk.ticket;

import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The audit trail (written by dev.helpdesk.writes): every field change of a ticket, who made it and when, old → new as people read them. */
public final class TicketHistory {

  /** One changed field. */
  public record Change(String field, String from, String to) {}

  private static final String LIST = "SELECT actor_id, actor_name, field, old_value, new_value, changed_at"
      + " FROM ticket_changes WHERE ticket_id = $1 ORDER BY id";

  private TicketHistory() {}

  /** The fields that differ between two versions of a ticket. */
  public static List<Change> diff(Ticket before, Ticket after) {
    List<Change> changes = new ArrayList<>();
    add(changes, "subject", before.subject(), after.subject());
    if (!before.description().equals(after.description())) {
      changes.add(new Change("description", null, null));
    }
    add(changes, "status", before.status().wire(), after.status().wire());
    add(changes, "priority", before.priority().wire(), after.priority().wire());
    add(changes, "category", before.category().wire(), after.category().wire());
    add(changes, "channel", before.channel().wire(), after.channel().wire());
    add(changes, "requester", before.requester().key(), after.requester().key());
    if (!Objects.equals(before.assigneeId(), after.assigneeId())) {
      changes.add(new Change("assignee", before.assigneeName(), after.assigneeName()));
    }
    add(changes, "tags", String.join(", ", before.tags()), String.join(", ", after.tags()));
    add(changes, "dueAt", str(before.dueAt()), str(after.dueAt()));
    add(changes, "mergedInto", before.mergedIntoId() == null ? null : Ticket.refOf(before.mergedIntoId()),
        after.mergedIntoId() == null ? null : Ticket.refOf(after.mergedIntoId()));
    return changes;
  }

  public static Future<List<JsonObject>> list(SqlClient client, long ticketId) {
    return client.preparedQuery(LIST).execute(Tuple.of(ticketId)).map(rows -> Sql.list(rows, row -> new JsonObject()
        .put("at", row.getOffsetDateTime("changed_at").toInstant().toString())
        .put("actor", new JsonObject().put("id", row.getLong("actor_id")).put("name", row.getString("actor_name")))
        .put("field", row.getString("field"))
        .put("from", row.getString("old_value"))
        .put("to", row.getString("new_value"))));
  }

  private static void add(List<Change> changes, String field, String from, String to) {
    if (!Objects.equals(from, to)) {
      changes.add(new Change(field, from, to));
    }
  }

  private static String str(Object value) {
    return value == null ? null : value.toString();
  }
}
