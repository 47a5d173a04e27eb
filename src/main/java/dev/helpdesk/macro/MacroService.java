package dev.helpdesk.macro;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.ConversationRoutes;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.conversation.NewMessage;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketPatch;
import dev.helpdesk.ticket.TicketService;
import dev.helpdesk.writes.TicketWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a macro to a ticket as one change of the write path ({@link TicketWriter#apply}): the
 * field changes (system messages, history, events, notifications) and the message, in one
 * transaction. A stale version applies nothing.
 */
public final class MacroService {

  private final Pool pool;
  private final TicketService tickets;
  private final TicketWriter writer;

  public MacroService(Pool pool, TicketService tickets, TicketWriter writer) {
    this.pool = pool;
    this.tickets = tickets;
    this.writer = writer;
  }

  public Future<Ticket> apply(Caller caller, long ticketId, long macroId, int version) {
    return MacroRepository.find(pool, macroId, caller.id())
        .map(found -> found.orElseThrow(() -> ApiError.notFound("No macro " + macroId)))
        .compose(macro -> tickets.get(caller, ticketId).compose(t -> {
          if (t.version() != version) {
            throw ApiError.conflict("The ticket was changed by someone else (version " + t.version()
                + ", you sent " + version + "); reload and try again", tickets.json().render(t));
          }
          JsonObject message = macro.message();
          if (message != null) {
            fitsAMessage(Placeholders.fill(message.getString("body"), t, caller), t);
          }
          return writer.apply(caller, ticketId, version, patch(macro.set(), t), message == null ? null
              : u -> new NewMessage(WireEnum.parse(MessageType.class, message.getString("type")).orElseThrow(),
                  Placeholders.fill(message.getString("body"), u, caller), List.of()));
        }))
        .map(Rendered::value);
  }

  /**
   * Refuses, before anything is written, a message that filled placeholders make longer than a
   * message may be. The placeholders name nothing a macro changes, so the ticket before the change
   * fills them as the ticket after it will.
   */
  private static void fitsAMessage(String body, Ticket t) {
    int length = body.codePointCount(0, body.length());
    if (length > ConversationRoutes.BODY_MAX) {
      throw ApiError.unprocessable("With its placeholders filled for " + t.ref() + " the macro's message would be "
          + String.format(java.util.Locale.ROOT, "%,d", length) + " characters; a message holds at most "
          + String.format(java.util.Locale.ROOT, "%,d", ConversationRoutes.BODY_MAX));
    }
  }

  /** The macro's changes as a PATCH at the ticket's version, or null when it changes no field. */
  static TicketPatch patch(JsonObject set, Ticket t) {
    Status status = set.containsKey("status") ? WireEnum.parse(Status.class, set.getString("status")).orElseThrow() : null;
    Priority priority = set.containsKey("priority")
        ? WireEnum.parse(Priority.class, set.getString("priority")).orElseThrow() : null;
    Category category = set.containsKey("category")
        ? WireEnum.parse(Category.class, set.getString("category")).orElseThrow() : null;
    boolean clearAssignee = set.containsKey("assignee") && set.getValue("assignee") == null;
    Long assignee = set.containsKey("assignee") && !clearAssignee ? set.getLong("assignee") : null;
    List<String> tags = null;
    if (set.containsKey("addTags") || set.containsKey("removeTags")) {
      Set<String> next = new LinkedHashSet<>(t.tags());
      set.getJsonArray("addTags", new io.vertx.core.json.JsonArray()).forEach(x -> next.add((String) x));
      set.getJsonArray("removeTags", new io.vertx.core.json.JsonArray()).forEach(next::remove);
      if (!next.equals(new LinkedHashSet<>(t.tags()))) {
        if (next.size() > 20) {
          throw ApiError.unprocessable("The macro would give " + t.ref() + " more than 20 tags");
        }
        tags = new ArrayList<>(next);
      }
    }
    boolean nothing = (status == null || status == t.status()) && (priority == null || priority == t.priority())
        && (category == null || category == t.category()) && tags == null
        && (clearAssignee ? t.assigneeId() == null : assignee == null || Objects.equals(assignee, t.assigneeId()));
    if (nothing) {
      return null;
    }
    return new TicketPatch(t.version(), null, null, status, priority, category, null, null, assignee, clearAssignee,
        tags, null, false);
  }
}
