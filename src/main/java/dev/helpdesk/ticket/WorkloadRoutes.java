package dev.helpdesk.ticket;

import static dev.helpdesk.auth.AuthHandlers.STAFF;

import dev.helpdesk.http.Responses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /api/agents/workload: each agent's open tickets (not resolved or closed) by status and priority. */
public final class WorkloadRoutes {

  private static final String WORKLOAD = "SELECT u.id, u.name, t.status, t.priority, count(t.id) AS n"
      + " FROM users u LEFT JOIN tickets t ON t.assignee_id = u.id AND t.status NOT IN ('resolved', 'closed')"
      + " WHERE u.role IN ('admin', 'agent') AND u.active GROUP BY u.id, u.name, t.status, t.priority"
      + " UNION ALL SELECT NULL, NULL, status, priority, count(*) FROM tickets"
      + " WHERE assignee_id IS NULL AND status NOT IN ('resolved', 'closed') GROUP BY status, priority"
      + " ORDER BY 2, 1";
  /** Deactivated staff who still hold open tickets: shown apart, never as if nobody had them (issue 12). */
  public static final String INACTIVE = "SELECT u.id, u.name, count(*) AS open FROM users u"
      + " JOIN tickets t ON t.assignee_id = u.id AND t.status NOT IN ('resolved', 'closed')"
      + " WHERE NOT u.active GROUP BY u.id, u.name ORDER BY u.name, u.id";

  private final Pool pool;

  public WorkloadRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router api) {
    api.get("/agents/workload").handler(STAFF).handler(this::workload);
  }

  private void workload(RoutingContext ctx) {
    var inactive = pool.query(INACTIVE).execute();
    pool.query(WORKLOAD).execute()
        .compose(rows -> inactive.map(rows))
        .onSuccess(rows -> {
          Map<Long, JsonObject> agents = new LinkedHashMap<>();
          JsonObject unassigned = load(null, null);
          for (Row row : rows) {
            Long id = row.getLong("id");
            JsonObject load = id == null ? unassigned : agents.computeIfAbsent(id, k -> load(k, row.getString("name")));
            if (row.getString("status") != null) {
              long n = row.getLong("n");
              load.put("open", load.getLong("open") + n);
              add(load.getJsonObject("byStatus"), row.getString("status"), n);
              add(load.getJsonObject("byPriority"), row.getString("priority"), n);
            }
          }
          unassigned.remove("id");
          unassigned.remove("name");
          JsonArray leavers = new JsonArray();
          for (Row row : inactive.result()) {
            leavers.add(new JsonObject().put("id", row.getLong("id")).put("name", row.getString("name"))
                .put("open", row.getLong("open")));
          }
          Responses.ok(ctx, new JsonObject().put("agents", new JsonArray(agents.values().stream().toList()))
              .put("unassigned", unassigned).put("inactiveAgents", leavers));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject load(Long id, String name) {
    JsonObject byStatus = new JsonObject();
    for (Status s : Status.values()) {
      if (!s.isDone()) {
        byStatus.put(s.wire(), 0L);
      }
    }
    JsonObject byPriority = new JsonObject();
    for (Priority p : Priority.values()) {
      byPriority.put(p.wire(), 0L);
    }
    return new JsonObject().put("id", id).put("name", name).put("open", 0L)
        .put("byStatus", byStatus).put("byPriority", byPriority);
  }

  private static void add(JsonObject counts, String key, long n) {
    counts.put(key, counts.getLong(key, 0L) + n);
  }
}
