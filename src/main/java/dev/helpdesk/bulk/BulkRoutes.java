package dev.helpdesk.bulk;

import static dev.helpdesk.auth.AuthHandlers.STAFF;
import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.Responses;
import dev.helpdesk.search.QueryParser;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** POST /api/tickets/bulk (staff): a change or a delete for a list of ids or everything a query matches. */
public final class BulkRoutes {

  private final BulkService bulk;

  public BulkRoutes(BulkService bulk) {
    this.bulk = bulk;
  }

  /** Mount before /tickets/:ref, which would take "bulk" for a ref. */
  public void mount(Router api) {
    api.post("/tickets/bulk").handler(STAFF).handler(this::bulk);
  }

  private void bulk(RoutingContext ctx) {
    BulkRequest request = BulkRequest.from(ctx);
    Caller caller = caller(ctx);
    Future<List<Long>> ids = request.ids() != null ? Future.succeededFuture(request.ids())
        : bulk.idsMatching(caller, QueryParser.parse(request.query()));
    ids.compose(list -> request.delete() ? bulk.delete(caller, list) : bulk.update(caller, list, request.set()))
        .onSuccess(result -> Responses.ok(ctx, result.toJson()))
        .onFailure(ctx::fail);
  }
}
