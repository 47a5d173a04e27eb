package dev.helpdesk.view;

import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.search.QueryParser;
import dev.helpdesk.search.Sort;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;

/**
 * /api/views: a person's own views and the shared ones, each with its count, kept by
 * {@link ViewCounts} (like the presets'; pushed on the {@code counts} live topic). Anyone on the staff may share a view;
 * only its owner or an admin changes or deletes it.
 */
public final class ViewRoutes {

  private static final Set<String> FIELDS = Set.of("name", "query", "sort", "shared", "position");

  private final Pool pool;
  private final ViewCounts counts;

  public ViewRoutes(Pool pool, ViewCounts counts) {
    this.pool = pool;
    this.counts = counts;
  }

  public void mount(Router api) {
    api.get("/views").handler(STAFF).handler(this::list);
    api.post("/views").handler(STAFF).handler(this::create);
    api.patch("/views/:id").handler(STAFF).handler(this::update);
    api.delete("/views/:id").handler(STAFF).handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    Caller caller = caller(ctx);
    ViewRepository.visible(pool, caller.id()).compose(views -> counts.views(caller, views).map(found -> {
      JsonArray answer = new JsonArray();
      for (SavedView v : views) {
        ViewCounts.Count total = found.get(v.id());
        answer.add(v.toJson().put("count", total.count()).put("countIsEstimate", total.estimate()));
      }
      return answer;
    })).onSuccess(answer -> Responses.ok(ctx, answer)).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Caller caller = caller(ctx);
    JsonFields f = JsonFields.of(ctx, FIELDS);
    String name = f.string("name", true, 1, 80);
    String query = checkedQuery(f, f.string("query", false, 0, 2000));
    String sort = checkedSort(f, f.string("sort", false, 1, 20));
    boolean shared = Boolean.TRUE.equals(f.bool("shared"));
    if (f.has("position")) {
      f.error("position", "is set by PATCH; a new view goes to the end");
    }
    f.check();
    ViewRepository.owned(pool, caller.id())
        .compose(n -> {
          if (n >= ViewRepository.MAX_PER_PERSON) {
            throw ApiError.unprocessable("You have " + n + " views, the most allowed; delete one first");
          }
          return ViewRepository.insert(pool, caller.id(), name.strip(), query, sort, shared);
        })
        .onSuccess(v -> {
          counts.viewsChanged();
          Responses.created(ctx, "/api/views/" + v.id(), v.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Caller caller = caller(ctx);
    long id = Params.pathId(ctx, "id", "view");
    JsonFields f = JsonFields.of(ctx, FIELDS);
    String name = f.string("name", false, 1, 80);
    String query = f.has("query") ? checkedQuery(f, f.string("query", false, 0, 2000)) : null;
    String sort = f.has("sort") ? checkedSort(f, f.string("sort", false, 1, 20)) : null;
    Boolean shared = f.bool("shared");
    Integer position = f.integer("position", false);
    f.check();
    editable(caller, id)
        .map(v -> new SavedView(v.id(), v.ownerId(), name != null ? name.strip() : v.name(),
            query != null ? query : v.query(), sort != null ? sort : v.sort(), shared != null ? shared : v.shared(),
            position != null ? position : v.position()))
        .compose(v -> ViewRepository.update(pool, v))
        .onSuccess(v -> {
          counts.viewsChanged();
          Responses.ok(ctx, v.toJson());
        })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "view");
    editable(caller(ctx), id)
        .compose(v -> ViewRepository.delete(pool, id))
        .onSuccess(v -> {
          counts.viewsChanged();
          Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private Future<SavedView> editable(Caller caller, long id) {
    return ViewRepository.find(pool, id, caller.id()).map(found -> {
      SavedView v = found.orElseThrow(() -> ApiError.notFound("No view " + id));
      if (v.ownerId() != caller.id() && !caller.isAdmin()) {
        throw ApiError.forbidden("Only its owner or an admin changes a shared view");
      }
      return v;
    });
  }

  /** The query as given, if it parses; each bad token is reported with {@code field: "query"}. */
  private static String checkedQuery(JsonFields f, String query) {
    String q = query == null ? "" : query.strip();
    try {
      QueryParser.parse(q);
    } catch (ApiError e) {
      e.errors().forEach(err -> f.error("query", err.message()));
    }
    return q;
  }

  private static String checkedSort(JsonFields f, String sort) {
    if (sort == null) {
      return "-created";
    }
    try {
      Sort.parse(sort);
    } catch (ApiError e) {
      e.errors().forEach(err -> f.error("sort", err.message()));
    }
    return sort;
  }
}
