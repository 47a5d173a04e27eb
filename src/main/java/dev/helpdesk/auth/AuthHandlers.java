package dev.helpdesk.auth;

import dev.helpdesk.http.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handlers that establish who the caller is and what role they need. */
public final class AuthHandlers {

  private static final String CALLER = "caller";
  private static final String SID = "sid";

  private AuthHandlers() {}

  /** Requires {@code Authorization: Bearer <JWT>} and puts the {@link Caller} on the context. */
  public static Handler<RoutingContext> authenticate(Tokens tokens) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        ctx.fail(ApiError.unauthorized("Send Authorization: Bearer <token>; get one from POST /api/auth/login"));
        return;
      }
      tokens.verifySessionToken(header.substring(7).trim())
          .onSuccess(session -> {
            ctx.put(CALLER, session.caller());
            ctx.put(SID, session.sid());
            ctx.next();
          })
          .onFailure(ctx::fail);
    };
  }

  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** The id of the caller's session (what POST /api/auth/logout ends). */
  public static String sessionId(RoutingContext ctx) {
    return ctx.get(SID);
  }

  public static final Handler<RoutingContext> STAFF = ctx -> {
    if (caller(ctx).isStaff()) {
      ctx.next();
    } else {
      ctx.fail(ApiError.forbidden("Only agents and admins may do this"));
    }
  };

  public static final Handler<RoutingContext> ADMIN = ctx -> {
    if (caller(ctx).isAdmin()) {
      ctx.next();
    } else {
      ctx.fail(ApiError.forbidden("Only admins may do this"));
    }
  };
}
