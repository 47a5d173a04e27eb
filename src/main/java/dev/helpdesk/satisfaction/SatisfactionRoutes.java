package dev.helpdesk.satisfaction;

import dev.helpdesk.auth.Tokens;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/satisfaction}: with {@code token} (from the mail, no session needed) or with
 * {@code ticket} in the requester's own portal session. {@code POST /api/satisfaction/link}
 * tells the rating page what a token is for, without using it up.
 */
public final class SatisfactionRoutes {

  private static final Pattern REF = Pattern.compile("^(?:TKT-)?0*(\\d{1,15})$", Pattern.CASE_INSENSITIVE);
  private static final Set<String> RATINGS = Set.of("good", "bad");

  private final SatisfactionService service;
  private final Tokens tokens;

  public SatisfactionRoutes(SatisfactionService service, Tokens tokens) {
    this.service = service;
    this.tokens = tokens;
  }

  /** Mounted before authentication: a mailed link works without a session. */
  public void mountPublic(Router api) {
    api.post("/satisfaction").handler(this::rate);
    api.post("/satisfaction/link").handler(this::link);
  }

  private void rate(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("token", "ticket", "rating", "comment"));
    String token = f.string("token", false, 1, 200);
    String ticket = f.string("ticket", false, 1, 30);
    String rating = f.string("rating", true, 1, 10);
    String comment = f.string("comment", false, 0, SatisfactionService.COMMENT_MAX);
    if (rating != null && !RATINGS.contains(rating)) {
      f.error("rating", "must be one of good, bad");
    }
    if (token == null && ticket == null) {
      f.error("token", "is required (or ticket, in a requester's portal session)");
    }
    if (token != null && ticket != null) {
      f.error("ticket", "goes without token: a link names its ticket");
    }
    Matcher m = REF.matcher(ticket == null ? "" : ticket);
    if (ticket != null && !m.matches()) {
      f.error("ticket", "must be a ticket ref such as TKT-009");
    }
    f.check();
    String text = comment == null || comment.isBlank() ? null : comment.strip();
    if (token != null) {
      service.rateWithToken(token, rating, text)
          .onSuccess(r -> Responses.created(ctx, "/api/satisfaction", r.toJson()))
          .onFailure(ctx::fail);
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiError.unauthorized("Rating by ticket needs the requester's session; or send the token from the mail");
    }
    long id = Long.parseLong(m.group(1));
    tokens.verifySession(header.substring(7).trim())
        .compose(caller -> service.rateAsRequester(caller, id, rating, text))
        .onSuccess(r -> Responses.created(ctx, "/api/satisfaction", r.toJson()))
        .onFailure(ctx::fail);
  }

  private void link(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("token"));
    String token = f.string("token", true, 1, 200);
    f.check();
    service.linkState(token).onSuccess(json -> Responses.ok(ctx, json)).onFailure(ctx::fail);
  }
}
