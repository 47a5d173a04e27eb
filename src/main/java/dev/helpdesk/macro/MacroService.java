package dev.helpdesk.macro;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.ConversationService;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.conversation.NewMessage;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketPatch;
import dev.helpdesk.ticket.TicketRepository;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a macro to a ticket in one transaction: the field changes through
 * {@link TicketService#updateIn} (system messages, history, events, notifications), then the
 * message through {@link ConversationService#postIn}. A stale version applies nothing.
 */
public final class MacroService {

  private final Pool pool;
  private final TicketService tickets;
  private final ConversationService conversation;

  public MacroService(Pool pool, TicketService tickets, ConversationService conversation) {
    this.pool = pool;
    this.tickets = tickets;
    this.conversation = conversation;
  }

  public Future<Ticket> apply(Caller caller, long ticketId, long macroId, int version) {
    return pool.withTransaction(tx -> MacroRepository.find(tx, macroId, caller.id())
        .map(found -> found.orElseThrow(() -> ApiError.notFound("No macro " + macroId)))
        .compose(macro -> TicketRepository.lockById(tx, ticketId)
            .map(found -> TicketService.visible(caller, found, ticketId))
            .compose(t -> {
              if (t.version() != version) {
                throw ApiError.conflict("The ticket was changed by someone else (version " + t.version()
                    + ", you sent " + version + "); reload and try again", tickets.json().render(t));
              }
              TicketPatch patch = patch(macro.set(), t);
              Future<Ticket> changed = patch == null ? Future.succeededFuture(t)
                  : tickets.updateIn(tx, caller, ticketId, patch);
              return changed.compose(u -> macro.message() == null ? Future.succeededFuture()
                  : conversation.postIn(tx, caller, ticketId, new NewMessage(
                      WireEnum.parse(MessageType.class, macro.message().getString("type")).orElseThrow(),
                      Placeholders.fill(macro.message().getString("body"), u, caller), List.of())));
            })
            .compose(v -> TicketRepository.findById(tx, ticketId))
            .map(found -> found.orElseThrow())));
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
