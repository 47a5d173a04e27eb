package dev.helpdesk.audit;

import dev.helpdesk.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Writes one audit row in the transaction of the admin action it records, so the row exists
 * exactly when the action committed. Actions are dotted names: {@code user.invited},
 * {@code user.created}, {@code user.role_changed}, {@code user.deactivated},
 * {@code user.reactivated}, {@code user.renamed}, {@code user.password_reset_sent},
 * {@code user.invitation_resent}, {@code user.tickets_reassigned}, {@code wallboard_link.created},
 * {@code wallboard_link.revoked}, {@code ticket.purged}, {@code contact.merged},
 * {@code sla_policy.changed} (the SLA routes call {@link #record} too, see docs/team.md).
 */
public final class Audit {

  private static final String INSERT = "INSERT INTO audit_log (actor_id, actor_name, action, target, detail, address)"
      + " VALUES ($1, $2, $3, $4, $5, $6)";

  private Audit() {}

  public static Future<Void> record(SqlClient tx, RoutingContext ctx, Caller actor, String action, String target,
                                    JsonObject detail) {
    Long actorId = actor.kind() == Caller.Kind.USER && !actor.isSystem() ? actor.id() : null;
    return tx.preparedQuery(INSERT)
        .execute(Tuple.of(actorId, actor.name(), action, target, detail == null ? new JsonObject() : detail,
            ctx == null ? null : ClientAddress.of(ctx)))
        .mapEmpty();
  }
}
