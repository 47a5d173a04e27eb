package dev.helpdesk.conversation;

import static dev.helpdesk.auth.AuthHandlers.caller;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import dev.helpdesk.ticket.TicketRoutes;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** GET and POST /api/tickets/{idOrRef}/messages. */
public final class ConversationRoutes {

  public static final int BODY_MAX = 50_000;
  static final int ATTACHMENTS_MAX = 10;

  private final Pool pool;
  private final TicketService tickets;
  private final ConversationService conversation;

  public ConversationRoutes(Pool pool, TicketService tickets, ConversationService conversation) {
    this.pool = pool;
    this.tickets = tickets;
    this.conversation = conversation;
  }

  public void mount(Router api) {
    api.get("/tickets/:ref/messages").handler(this::thread);
    api.post("/tickets/:ref/messages").handler(this::post);
  }

  /** The thread, oldest first; requesters never get notes. */
  private void thread(RoutingContext ctx) {
    Caller caller = caller(ctx);
    tickets.get(caller, TicketRoutes.ticketId(ctx))
        .compose(t -> MessageRepository.thread(pool, t.id(), caller.isStaff()))
        // staff also see who a mail was from and to (the mail-in hook adds "mail" to those messages)
        .compose(list -> caller.isStaff() ? dev.helpdesk.inbound.ThreadMail.render(pool, list)
            : io.vertx.core.Future.succeededFuture(new JsonArray(list.stream().map(Message::toJson).toList())))
        .onSuccess(array -> Responses.ok(ctx, array))
        .onFailure(ctx::fail);
  }

  private void post(RoutingContext ctx) {
    Caller caller = caller(ctx);
    long ticketId = TicketRoutes.ticketId(ctx);
    NewMessage m = read(ctx, caller);
    conversation.postRendered(caller, ticketId, m)
        .onSuccess(message -> {
          ctx.response().putHeader("Location", "/api/tickets/" + message.value().ticketId() + "/messages");
          Responses.encoded(ctx, 201, message.json());
        })
        .onFailure(ctx::fail);
  }

  private static NewMessage read(RoutingContext ctx, Caller caller) {
    JsonFields f = JsonFields.of(ctx, Set.of("type", "body", "attachmentIds"));
    MessageType type = f.enumValue("type", MessageType.class, true);
    String body = f.string("body", false, 0, BODY_MAX);
    List<Long> ids = attachmentIds(f, ctx.body().asJsonObject().getValue("attachmentIds"));
    if (type == MessageType.SYSTEM) {
      f.error("type", "must be reply or note; system messages are written by the service");
    }
    if (type == MessageType.NOTE && !caller.isStaff()) {
      throw ApiError.forbidden("Only staff may write internal notes");
    }
    if ((body == null || body.isEmpty()) && ids.isEmpty()) {
      f.error("body", "must not be empty unless files are attached");
    }
    f.check();
    return new NewMessage(type, body == null ? "" : body, ids);
  }

  private static List<Long> attachmentIds(JsonFields f, Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > ATTACHMENTS_MAX) {
      f.error("attachmentIds", "must be an array of at most " + ATTACHMENTS_MAX + " attachment ids");
      return List.of();
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Long id = f.positiveLong("attachmentIds[" + i + "]", array.getValue(i));
      if (id != null) {
        ids.add(id);
      }
    }
    return new ArrayList<>(ids);
  }
}
