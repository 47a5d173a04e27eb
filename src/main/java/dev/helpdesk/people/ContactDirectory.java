package dev.helpdesk.people;

import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.audit.Audit;
import dev.helpdesk.db.Sql;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The contacts directory (staff): GET /api/contacts?q=&limit=&cursor= in pages ordered by
 * name, GET /api/contacts/{id} with ticket counts, PATCH /api/contacts/{id}, and
 * POST /api/contacts/{id}/merge {"into"} which moves every ticket and CC to the other contact
 * and removes the merged one.
 */
public final class ContactDirectory {

  private static final String PAGE = "SELECT " + Contact.COLUMNS + " FROM contacts"
      + " WHERE ($1::text IS NULL OR lower(name) LIKE $1 ESCAPE '\\' OR lower(email) LIKE $1 ESCAPE '\\'"
      + " OR lower(coalesce(company, '')) LIKE $1 ESCAPE '\\')"
      + " AND ($3::text IS NULL OR (name, id) > ($3, $4::bigint))"
      + " ORDER BY name, id LIMIT $2";
  private static final String COUNTS = "SELECT count(*) FILTER (WHERE status NOT IN ('resolved', 'closed')) AS open,"
      + " count(*) AS total FROM tickets WHERE requester_contact_id = $1";
  private static final String UPDATE = "UPDATE contacts SET email = coalesce($2, email), name = coalesce($3, name),"
      + " phone = CASE WHEN $6 THEN $4 ELSE phone END, company = CASE WHEN $7 THEN $5 ELSE company END"
      + " WHERE id = $1 RETURNING " + Contact.COLUMNS;
  private static final String LOCK_TWO = "SELECT " + Contact.COLUMNS + " FROM contacts WHERE id IN ($1, $2)"
      + " ORDER BY id FOR UPDATE";
  private static final String MOVE_TICKETS = "SELECT id FROM tickets WHERE requester_contact_id = $1 ORDER BY id";
  private static final String MOVE_TRASHED = "UPDATE trash_rows SET data = jsonb_set(data, '{requester_contact_id}',"
      + " to_jsonb($2::bigint)) WHERE table_name = 'tickets' AND (data->>'requester_contact_id')::bigint = $1";
  private static final String MOVE_TRASH_HEADS = "UPDATE trash SET requester = 'contact:' || $2::bigint WHERE requester = 'contact:' || $1::bigint";
  private static final String DELETE = "DELETE FROM contacts WHERE id = $1";

  private final Pool pool;
  private final TicketService tickets;

  public ContactDirectory(Pool pool, TicketService tickets) {
    this.pool = pool;
    this.tickets = tickets;
  }

  public void mount(Router api) {
    api.get("/contacts").handler(STAFF).handler(this::list);
    api.get("/contacts/:id").handler(STAFF).handler(this::get);
    api.patch("/contacts/:id").handler(STAFF).handler(this::update);
    api.post("/contacts/:id/merge").handler(STAFF).handler(this::merge);
  }

  private void list(RoutingContext ctx) {
    String q = Params.string(ctx, "q", 200);
    int limit = Params.intParam(ctx, "limit", 20, 1, 200);
    String cursor = Params.string(ctx, "cursor", 600);
    String afterName = null;
    Long afterId = null;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        JsonObject c = new JsonObject(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        afterName = c.getString("n");
        afterId = c.getLong("i");
      } catch (RuntimeException e) {
        throw ApiError.invalid("cursor", "must be the nextCursor of a previous page");
      }
      if (afterName == null || afterId == null) {
        throw ApiError.invalid("cursor", "must be the nextCursor of a previous page");
      }
    }
    pool.preparedQuery(PAGE).execute(Tuple.of(Sql.containsPattern(q), limit + 1, afterName, afterId))
        .onSuccess(rows -> {
          var list = Sql.list(rows, Contact::from);
          String next = null;
          if (list.size() > limit) {
            list = list.subList(0, limit);
            Contact last = list.get(limit - 1);
            next = Base64.getUrlEncoder().withoutPadding().encodeToString(new JsonObject().put("n", last.name())
                .put("i", last.id()).encode().getBytes(StandardCharsets.UTF_8));
          }
          Responses.ok(ctx, new JsonObject().put("items", new JsonArray(list.stream().map(Contact::toJson).toList()))
              .put("nextCursor", next));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "contact");
    withCounts(pool, id, new ContactRepository(pool).findById(id)
        .map(c -> c.orElseThrow(() -> ApiError.notFound("No contact " + id))))
        .onSuccess(json -> Responses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private static Future<JsonObject> withCounts(SqlClient client, long id, Future<Contact> contact) {
    return contact.compose(c -> client.preparedQuery(COUNTS).execute(Tuple.of(id)).map(rows -> {
      Row r = rows.iterator().next();
      return c.toJson().put("tickets", new JsonObject().put("open", r.getLong("open")).put("total", r.getLong("total")));
    }));
  }

  private void update(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "contact");
    JsonFields f = JsonFields.of(ctx, Set.of("email", "name", "phone", "company"));
    String email = f.email("email", false);
    String name = f.string("name", false, 1, 200);
    String phone = f.string("phone", false, 0, 50);
    String company = f.string("company", false, 0, 200);
    f.check();
    pool.preparedQuery(UPDATE).execute(Tuple.of(id, email, name, blank(phone), blank(company),
            f.has("phone"), f.has("company")))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("No contact " + id);
          }
          return Contact.from(rows.iterator().next());
        })
        .recover(e -> Sql.uniqueAs(e, "email", "is already used by another contact"))
        .compose(c -> withCounts(pool, id, Future.succeededFuture(c)))
        .onSuccess(json -> Responses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  /**
   * Tickets move through TicketService (each gets its ticket.updated and history); then CCs
   * and tickets kept in the trash follow, and the merged contact is removed.
   */
  private void merge(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "contact");
    JsonFields f = JsonFields.of(ctx, Set.of("into"));
    Long into = f.id("into", true);
    f.check();
    if (into == id) {
      throw ApiError.unprocessable("A contact cannot be merged into itself");
    }
    var actor = caller(ctx);
    pool.preparedQuery(LOCK_TWO.replace(" FOR UPDATE", "")).execute(Tuple.of(id, into))
        .compose(rows -> {
          if (rows.size() < 2) {
            throw ApiError.notFound("No contact " + (Sql.list(rows, r -> r.getLong("id")).contains(id) ? into : id));
          }
          return pool.preparedQuery(MOVE_TICKETS).execute(Tuple.of(id));
        })
        .compose(rows -> moveEach(actor, Sql.list(rows, r -> r.getLong("id")), 0, into))
        .compose(moved -> pool.withTransaction(tx -> ContactCcs.move(tx, id, into)
            .compose(ccs -> tx.preparedQuery(MOVE_TRASHED).execute(Tuple.of(id, into))
                .compose(v -> tx.preparedQuery(MOVE_TRASH_HEADS).execute(Tuple.of(id, into)))
                .compose(v -> tx.preparedQuery(DELETE).execute(Tuple.of(id)))
                .compose(v -> Audit.record(tx, ctx, actor, "contact.merged", "contact:" + id,
                    new JsonObject().put("into", into).put("tickets", moved).put("ccs", ccs)))
                .map(v -> new JsonObject().put("into", into).put("ticketsMoved", moved).put("ccsMoved", ccs)))))
        .onSuccess(json -> Responses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private Future<Integer> moveEach(dev.helpdesk.auth.Caller actor, java.util.List<Long> ids, int from, long into) {
    if (from >= ids.size()) {
      return Future.succeededFuture(ids.size());
    }
    long ticketId = ids.get(from);
    return tickets.get(actor, ticketId)
        .compose(t -> tickets.update(actor, ticketId, new dev.helpdesk.ticket.TicketPatch(t.version(), null, null, null,
            null, null, null, new dev.helpdesk.ticket.Ticket.Requester("contact", into, null, null), null, false, null,
            null, false)))
        .compose(t -> moveEach(actor, ids, from + 1, into));
  }

  private static String blank(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
