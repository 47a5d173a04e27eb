package dev.helpdesk.wallboard;

import dev.helpdesk.auth.AuthHandlers;
import dev.helpdesk.auth.Tokens;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/wallboard (staff or a wallboard link's token), POST /api/wallboard/links
 * (admin) and the /wallboard page's address. Mounted on the main router, ahead of
 * /api/*, because a wallboard token is not a session and the API's own check refuses it.
 */
public final class WallboardRoutes {

  private final Tokens tokens;
  private final WallboardQuery query;
  private final String publicUrl;
  private WallboardLinks links;

  public WallboardRoutes(Tokens tokens, WallboardQuery query, String publicUrl) {
    this.tokens = tokens;
    this.query = query;
    this.publicUrl = publicUrl;
  }

  /** Named, revocable links (issue 12); without them a link is an unnamed token. */
  public WallboardRoutes links(WallboardLinks links) {
    this.links = links;
    return this;
  }

  public void mount(Router router) {
    router.get("/api/wallboard").handler(this::read);
    router.post("/api/wallboard/links")
        .handler(io.vertx.ext.web.handler.BodyHandler.create(false).setBodyLimit(16 * 1024))
        .handler(AuthHandlers.authenticate(tokens))
        .handler(AuthHandlers.ADMIN)
        .handler(this::createLink);
    router.get("/wallboard").handler(ctx -> {
      if ("/wallboard".equals(ctx.request().path())) {
        ctx.redirect("/wallboard/");
      } else {
        ctx.next();
      }
    });
  }

  private void read(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(ApiError.unauthorized("Send Authorization: Bearer <token> (a session or a wallboard link's token)"));
      return;
    }
    String token = header.substring(7).trim();
    tokens.verifySession(token)
        .transform(session -> {
          if (session.succeeded()) {
            return session.result().isStaff() ? Future.<Void>succeededFuture()
                : Future.failedFuture(ApiError.forbidden("Only staff and wallboard links may read the wallboard"));
          }
          return tokens.verifyWallboard(token);
        })
        .compose(v -> query.compute())
        .onSuccess(board -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          Responses.ok(ctx, board);
        })
        .onFailure(ctx::fail);
  }

  private void createLink(RoutingContext ctx) {
    var admin = AuthHandlers.caller(ctx);
    if (links == null) {
      String token = tokens.issueWallboard(admin);
      Responses.json(ctx, 201, new JsonObject().put("token", token).put("url", publicUrl + "/wallboard/#token=" + token));
      return;
    }
    String name = null;
    if (ctx.body() != null && ctx.body().length() > 0) {
      dev.helpdesk.http.JsonFields f = dev.helpdesk.http.JsonFields.of(ctx, java.util.Set.of("name"));
      name = f.string("name", false, 1, 100);
      f.check();
    }
    links.create(ctx, admin, name)
        .onSuccess(link -> {
          String token = tokens.issueWallboard(admin, link.getLong("id"));
          Responses.json(ctx, 201, link.put("token", token).put("url", publicUrl + "/wallboard/#token=" + token));
        })
        .onFailure(ctx::fail);
  }
}
