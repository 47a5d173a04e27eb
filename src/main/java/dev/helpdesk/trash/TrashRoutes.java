package dev.helpdesk.trash;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;
import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.audit.Audit;
import dev.helpdesk.db.Sql;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.IdPage;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketRoutes;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/trash (staff), POST /api/trash/{idOrRef}/restore (staff), DELETE /api/trash/{idOrRef}
 * (admin), and the hourly purge of what has been in the trash for {@value #KEEP_DAYS} days.
 */
public final class TrashRoutes {

  private static final Logger log = LoggerFactory.getLogger(TrashRoutes.class);
  static final int KEEP_DAYS = 30;
  private static final long PURGE_EVERY_MS = Duration.ofHours(1).toMillis();

  private static final String PAGE = "SELECT ticket_id, ref, subject, requester, deleted_at, deleted_by, deleted_by_name,"
      + " (SELECT count(*) FROM trash_rows r WHERE r.ticket_id = t.ticket_id AND r.table_name = 'messages') AS messages"
      + " FROM trash t WHERE ($1::bigint IS NULL OR ticket_id < $1) ORDER BY ticket_id DESC LIMIT $2";
  private static final String PURGE_ONE = "DELETE FROM trash WHERE ticket_id = $1 RETURNING ref, subject";
  private static final String PURGE_OLD = "DELETE FROM trash WHERE deleted_at < now() - make_interval(days => $1)";

  private final Pool pool;
  private final TicketService tickets;

  public TrashRoutes(Vertx vertx, Pool pool, TicketService tickets) {
    this.pool = pool;
    this.tickets = tickets;
    vertx.setPeriodic(PURGE_EVERY_MS, id -> purgeOld()
        .onFailure(e -> log.warn("Could not purge the trash: {}", e.getMessage())));
  }

  public void mount(Router api) {
    api.get("/trash").handler(STAFF).handler(this::list);
    api.post("/trash/:ref/restore").handler(STAFF).handler(this::restore);
    api.delete("/trash/:ref").handler(ADMIN).handler(this::purge);
  }

  /** Purges what has been in the trash for 30 days; every instance runs it hourly (it is idempotent). */
  public Future<Integer> purgeOld() {
    return pool.preparedQuery(PURGE_OLD).execute(Tuple.of(KEEP_DAYS)).map(rows -> rows.rowCount());
  }

  private void list(RoutingContext ctx) {
    IdPage page = IdPage.of(ctx);
    pool.preparedQuery(PAGE).execute(Tuple.of(page.before(), page.fetch()))
        .onSuccess(rows -> Responses.ok(ctx, page.answer(Sql.list(rows, TrashRoutes::json)).put("keepDays", KEEP_DAYS)))
        .onFailure(ctx::fail);
  }

  private void restore(RoutingContext ctx) {
    tickets.restore(caller(ctx), TicketRoutes.ticketId(ctx))
        .onSuccess(ticket -> Responses.ok(ctx, tickets.json().render(ticket)))
        .onFailure(ctx::fail);
  }

  private void purge(RoutingContext ctx) {
    long id = TicketRoutes.ticketId(ctx);
    pool.withTransaction(tx -> tx.preparedQuery(PURGE_ONE).execute(Tuple.of(id)).compose(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("No ticket " + Ticket.refOf(id) + " in the trash");
          }
          Row r = rows.iterator().next();
          return Audit.record(tx, ctx, caller(ctx), "ticket.purged", r.getString("ref"),
              new JsonObject().put("subject", r.getString("subject")));
        }))
        .onSuccess(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Row r) {
    var deletedAt = r.getOffsetDateTime("deleted_at").toInstant();
    return new JsonObject()
        .put("id", r.getLong("ticket_id"))
        .put("ref", r.getString("ref"))
        .put("subject", r.getString("subject"))
        .put("requester", r.getString("requester"))
        .put("messages", r.getLong("messages"))
        .put("deletedAt", deletedAt.toString())
        .put("deletedBy", new JsonObject().put("id", r.getLong("deleted_by")).put("name", r.getString("deleted_by_name")))
        .put("purgeAt", deletedAt.plus(Duration.ofDays(KEEP_DAYS)).toString());
  }
}
