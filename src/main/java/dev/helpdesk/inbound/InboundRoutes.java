package dev.helpdesk.inbound;

import static dev.helpdesk.auth.AuthHandlers.ADMIN;
import static dev.helpdesk.auth.AuthHandlers.STAFF;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.Params;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.TicketRoutes;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * POST /api/inbound/email (a mail provider forwards one raw mail), the set-aside mails for
 * admins, a mail's original for staff, and the mailbox's state.
 */
public final class InboundRoutes {

  /** 25 MiB: the contract's limit for one raw mail. */
  public static final long RAW_MAX = 25L * 1024 * 1024;

  private final Pool pool;
  private final InboundPipeline pipeline;
  private final String token;
  private final MailboxState mailbox;

  public InboundRoutes(Pool pool, InboundPipeline pipeline, String token, MailboxState mailbox) {
    this.pool = pool;
    this.pipeline = pipeline;
    this.token = token;
    this.mailbox = mailbox;
  }

  public InboundPipeline pipeline() {
    return pipeline;
  }

  /** Before the JSON body handler and the session check: this route reads its own body and its own token. */
  public void mountPublic(Router api) {
    api.post("/inbound/email")
        .handler(ctx -> {
          ctx.request().pause();
          if (token == null) {
            throw ApiError.notFound("Mail in by HTTP is not enabled (HELPDESK_INBOUND_TOKEN)");
          }
          if (!tokenMatches(ctx.request().getHeader("Authorization"))) {
            throw ApiError.unauthorized("A bearer token matching HELPDESK_INBOUND_TOKEN is needed");
          }
          String type = ctx.request().getHeader("Content-Type");
          if (type == null || !type.toLowerCase().startsWith("message/rfc822")) {
            throw new ApiError(415, "Unsupported media type", "Send one raw mail as message/rfc822", List.of(), null);
          }
          String length = ctx.request().getHeader("Content-Length");
          if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > RAW_MAX) {
            // the body is never read: close the connection once answered, so the sender stops sending
            ctx.response().putHeader("Connection", "close")
                .endHandler(v -> ctx.request().connection().close());
            throw new ApiError(413, "Payload too large", "A mail may be at most 25 MiB", List.of(), null);
          }
          ctx.next();
        });
    // a second route, as Vert.x wants body handlers first on a route
    api.post("/inbound/email")
        .handler(BodyHandler.create(false).setBodyLimit(RAW_MAX))
        .handler(this::receive);
  }

  public void mount(Router api) {
    api.get("/inbound/rejected").handler(ADMIN).handler(this::rejected);
    api.post("/inbound/rejected/:id/retry").handler(ADMIN).handler(this::retry);
    api.get("/inbound/status").handler(ADMIN).handler(ctx -> Responses.ok(ctx, mailbox.toJson()));
    api.get("/messages/:id/source").handler(STAFF).handler(this::messageSource);
    api.get("/tickets/:ref/source").handler(STAFF).handler(this::ticketSource);
  }

  private boolean tokenMatches(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private void receive(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ApiError.badRequest("The body must be one raw mail (message/rfc822)");
    }
    pipeline.receive(body.getBytes())
        .onSuccess(outcome -> Responses.json(ctx, 202, outcome.toJson()))
        .onFailure(ctx::fail);
  }

  private void rejected(RoutingContext ctx) {
    InboundStore.rejected(pool, 200)
        .onSuccess(list -> Responses.ok(ctx, list))
        .onFailure(ctx::fail);
  }

  private void retry(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "set-aside mail");
    pipeline.retry(id)
        .map(found -> found.orElseThrow(() -> ApiError.notFound("No set-aside mail " + id)))
        .onSuccess(outcome -> Responses.ok(ctx, outcome.toJson()))
        .onFailure(ctx::fail);
  }

  private void messageSource(RoutingContext ctx) {
    long id = Params.pathId(ctx, "id", "message");
    InboundStore.sourceOfMessage(pool, id)
        .map(source -> source.orElseThrow(() -> ApiError.notFound("No mail is kept for message " + id)))
        .onSuccess(source -> sendSource(ctx, source))
        .onFailure(ctx::fail);
  }

  private void ticketSource(RoutingContext ctx) {
    long id = TicketRoutes.ticketId(ctx);
    InboundStore.sourceOfTicket(pool, id)
        .map(source -> source.orElseThrow(() -> ApiError.notFound("The ticket was not opened by mail")))
        .onSuccess(source -> sendSource(ctx, source))
        .onFailure(ctx::fail);
  }

  private static void sendSource(RoutingContext ctx, Buffer mail) {
    ctx.response().putHeader("Content-Type", "message/rfc822")
        .putHeader("Content-Disposition", "attachment; filename=\"original.eml\"")
        .end(mail);
  }
}
