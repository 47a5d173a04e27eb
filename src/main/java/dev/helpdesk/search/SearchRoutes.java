package dev.helpdesk.search;

import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.view.SavedView;
import dev.helpdesk.view.ViewCounts;
import dev.helpdesk.view.ViewRepository;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.TicketJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** GET /api/tickets (the list: token query, preset, sort, keyset cursor), /api/presets and /api/tags. */
public final class SearchRoutes {

  /** Tags in use among the most recent tickets: suggestions need no scan of a million rows. */
  private static final String TAGS = "SELECT tag, count(*) AS n FROM (SELECT tags FROM tickets"
      + " ORDER BY created_at DESC, id DESC LIMIT 20000) recent, unnest(recent.tags) AS tag"
      + " WHERE tag LIKE $1 GROUP BY tag ORDER BY n DESC, tag LIMIT $2";

  private final Pool pool;
  private final TicketSearch search;
  private final TicketJson json;
  private final ViewCounts counts;

  public SearchRoutes(Pool pool, TicketSearch search, TicketJson json, ViewCounts counts) {
    this.pool = pool;
    this.search = search;
    this.json = json;
    this.counts = counts;
  }

  public void mount(Router api) {
    api.get("/tickets").handler(this::list);
    api.get("/presets").handler(STAFF).handler(this::presets);
    api.get("/tags").handler(STAFF).handler(this::tags);
  }

  /** The query of a request: {@code q} AND {@code preset}, either optional. */
  public static Query query(RoutingContext ctx) {
    Query q = QueryParser.parse(Params.string(ctx, "q", 2000));
    Preset preset = Preset.parse(Params.string(ctx, "preset", 40));
    return preset == null ? q : preset.query().and(q);
  }

  private void list(RoutingContext ctx) {
    int limit = Params.intParam(ctx, "limit", 50, 1, 200);
    Caller caller = caller(ctx);
    Query asked = query(ctx);
    String sortParam = Params.string(ctx, "sort", 20);
    String viewParam = Params.string(ctx, "view", 20);
    Future<SavedView> view = viewParam == null ? Future.succeededFuture() : savedView(caller, viewParam);
    view.compose(v -> {
      Query query = v == null ? asked : QueryParser.parse(v.query()).and(asked);
      Sort sort = Sort.parse(sortParam != null ? sortParam : v == null ? null : v.sort());
      Cursor after = Cursor.decode(Params.string(ctx, "cursor", 400), sort);
      return search.list(caller, query, sort, limit, after).compose(listing ->
          MatchSnippets.of(pool, caller, query, listing.page().items()).map(matches -> new JsonObject()
              .put("items", new JsonArray(listing.page().items().stream().map(t -> {
                JsonObject item = json.render(t);
                JsonObject match = matches.get(t.id());
                return match == null ? item : item.put("match", match);
              }).toList()))
              .put("nextCursor", listing.page().next() == null ? null : listing.page().next().encode())
              .put("total", listing.total().count())
              .put("totalIsEstimate", listing.total().estimate())));
    }).onSuccess(answer -> Responses.ok(ctx, answer)).onFailure(ctx::fail);
  }

  /** {@code ?view=}: a saved view the caller may use (staff only), whose query ANDs with {@code q} and preset. */
  private Future<SavedView> savedView(Caller caller, String id) {
    if (!caller.isStaff() || !id.matches("\\d{1,15}")) {
      return Future.failedFuture(ApiError.notFound("No view " + id));
    }
    return ViewRepository.find(pool, Long.parseLong(id), caller.id())
        .map(found -> found.orElseThrow(() -> ApiError.notFound("No view " + id)));
  }

  /** The presets with their counts, from the counts kept in memory ({@link ViewCounts}): no count query here. */
  private void presets(RoutingContext ctx) {
    counts.presets(caller(ctx))
        .onSuccess(found -> {
          JsonArray answer = new JsonArray();
          found.forEach((preset, total) -> answer.add(new JsonObject().put("name", preset.wire())
              .put("title", preset.title()).put("count", total.count()).put("countIsEstimate", total.estimate())
              .put("query", preset.tokens())));
          Responses.ok(ctx, answer);
        })
        .onFailure(ctx::fail);
  }

  private void tags(RoutingContext ctx) {
    String prefix = Params.string(ctx, "q", 40);
    int limit = Params.intParam(ctx, "limit", 20, 1, 100);
    String pattern = (prefix == null ? "" : SqlFilter.containsPattern(prefix.strip().toLowerCase()).substring(1));
    pool.preparedQuery(TAGS).execute(Tuple.of(pattern.isEmpty() ? "%" : pattern, limit))
        .onSuccess(rows -> {
          JsonArray answer = new JsonArray();
          for (Row row : rows) {
            answer.add(new JsonObject().put("name", row.getString("tag")).put("count", row.getLong("n")));
          }
          Responses.ok(ctx, answer);
        })
        .onFailure(ctx::fail);
  }
}
