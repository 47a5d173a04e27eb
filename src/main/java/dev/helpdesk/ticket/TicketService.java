package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.conversation.MessageRepository;
import dev.helpdesk.events.EventLog;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.mail.Notifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Creating, changing and deleting tickets. Each change is one transaction that also
 * writes the thread's system messages and appends the events.
 */
public final class TicketService {

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final Pool pool;
  private final TicketJson json;
  private final Notifier notifier;
  private volatile TicketHooks hooks = TicketHooks.NONE;

  public TicketService(Pool pool, TicketJson json, Notifier notifier) {
    this.pool = pool;
    this.json = json;
    this.notifier = notifier;
  }

  /** Routing and satisfaction plug in here (see {@link TicketHooks}); set once at start-up. */
  public void useHooks(TicketHooks hooks) {
    this.hooks = hooks;
  }

  public TicketHooks hooks() {
    return hooks;
  }

  public Notifier notifier() {
    return notifier;
  }

  public TicketJson json() {
    return json;
  }

  public Future<Ticket> create(Caller caller, NewTicket n) {
    return pool.withTransaction(tx -> createIn(tx, caller, n)).recover(TicketService::unknownRequester);
  }

  /** Creates a ticket inside the caller's transaction: row, event, system message and mails. */
  public Future<Ticket> createIn(SqlClient tx, Caller caller, NewTicket asked) {
    // HOOK (routing): a rule may set the agent, priority and tags before the insert
    return hooks.beforeCreate(tx, asked).compose(routed -> createRouted(tx, caller, routed));
  }

  private Future<Ticket> createRouted(SqlClient tx, Caller caller, TicketHooks.Routed routed) {
    NewTicket n = routed.ticket();
    return checkAssignee(tx, n.assigneeId())
        .compose(assigneeName -> {
          Instant now = slaClock().now();
          SlaClock.Facts facts = new SlaClock.Facts(n.priority(), Status.OPEN, now, null, 0, null, null);
          return TicketRepository.insert(tx, n, now, slaClock().marks(facts));
        })
        .compose(ticket -> {
          List<String> notes = new ArrayList<>();
          if (n.followUpOfId() != null) {
            notes.add("Opened as a follow-up to " + Ticket.refOf(n.followUpOfId()) + ", which was closed.");
          }
          if (routed.note() != null) {
            notes.add(routed.note());
          }
          if (ticket.assigneeId() != null && routed.assignedBy() == null) {
            notes.add("Assigned to " + ticket.assigneeName() + " by " + caller.name() + ".");
          }
          return EventLog.append(tx, "ticket.created", ticket.id(), ticket.requester().key(), false,
                  json.render(ticket))
              .compose(v -> systemMessages(tx, caller, ticket, notes))
              .compose(v -> notifier.ticketCreated(tx, ticket))
              .compose(v -> routed.assignedBy() != null
                  ? notifier.assigned(tx, ticket, null, "A " + routed.assignedBy())
                  : notifier.assigned(tx, ticket, actorId(caller), caller.name()))
              .map(ticket);
        });
  }

  /** The ticket, if it exists and the caller may see it (requesters: only their own). */
  public Future<Ticket> get(Caller caller, long id) {
    return TicketRepository.findById(pool, id).map(found -> visible(caller, found, id));
  }

  public Future<Ticket> update(Caller caller, long id, TicketPatch patch) {
    return pool.withTransaction(tx -> TicketRepository.lockById(tx, id)
            .compose(found -> {
              Ticket current = visible(caller, found, id);
              if (current.version() != patch.version()) {
                throw ApiError.conflict("The ticket was changed by someone else (version " + current.version()
                    + ", you sent " + patch.version() + "); reload and try again", json.render(current));
              }
              if (patch.status() != null && !current.status().canMoveTo(patch.status())) {
                throw ApiError.unprocessable("A closed ticket can only be reopened (status open), not moved to "
                    + patch.status().wire());
              }
              Long newAssignee = patch.clearAssignee() ? null
                  : patch.assigneeId() != null ? patch.assigneeId() : current.assigneeId();
              boolean assigneeChanged = !Objects.equals(newAssignee, current.assigneeId());
              return checkAssignee(tx, assigneeChanged ? newAssignee : null)
                  .compose(v -> checkRequester(tx, patch.requester()))
                  .compose(v -> save(tx, caller, current, apply(current, patch, newAssignee), true))
                  .compose(updated -> EventLog.append(tx, "ticket.updated", updated.id(),
                          updated.requester().key(), false, json.render(updated))
                      .compose(x -> systemMessages(tx, caller, updated, changeNotes(caller, current, updated)))
                      .compose(x -> assigneeChanged
                          ? notifier.assigned(tx, updated, actorId(caller), caller.name())
                          : Future.<Void>succeededFuture())
                      // HOOK (satisfaction): "How did we do?" when the ticket becomes resolved
                      .compose(x -> updated.status() == Status.RESOLVED && current.status() != Status.RESOLVED
                          ? hooks.afterResolved(tx, updated) : Future.<Void>succeededFuture())
                      .map(updated));
            }));
  }

  public Future<Void> delete(long id) {
    return pool.withTransaction(tx -> TicketRepository.delete(tx, id)
        .compose(deleted -> {
          TicketRepository.Deleted d = deleted.orElseThrow(() -> ApiError.notFound("No ticket " + Ticket.refOf(id)));
          JsonObject payload = new JsonObject().put("id", d.id()).put("ref", d.ref());
          return EventLog.append(tx, "ticket.deleted", d.id(), d.requesterKey(), false, payload);
        })
        .mapEmpty());
  }

  public static Ticket visible(Caller caller, Optional<Ticket> found, long id) {
    return found
        .filter(t -> caller.isStaff() || t.requester().key().equals(caller.requesterKey()))
        .orElseThrow(() -> ApiError.notFound("No ticket " + Ticket.refOf(id)));
  }

  /** The new row: patched fields, plus the SLA facts a status change moves. */
  public Ticket apply(Ticket current, TicketPatch p, Long assigneeId) {
    Ticket c = current.withStatus(p.status() != null ? p.status() : current.status(), slaClock());
    return new Ticket(c.id(), c.ref(),
        p.subject() != null ? p.subject() : c.subject(),
        p.description() != null ? p.description() : c.description(),
        c.status(),
        p.priority() != null ? p.priority() : c.priority(),
        p.category() != null ? p.category() : c.category(),
        p.channel() != null ? p.channel() : c.channel(),
        p.requester() != null ? p.requester() : c.requester(), assigneeId, null,
        p.tags() != null ? p.tags() : c.tags(),
        p.clearDue() ? null : p.dueAt() != null ? p.dueAt() : c.dueAt(),
        c.createdAt(), c.updatedAt(), c.version(), c.mergedIntoId(), c.followUpOfId(),
        c.firstRespondedAt(), c.pausedSeconds(), c.pausedSince(), c.resolvedAt(), c.slaMarks());
  }

  /**
   * Writes a changed ticket: its SLA marks recomputed from its facts, and every changed
   * field in the history. Every change of an existing ticket goes through here.
   */
  public Future<Ticket> save(SqlClient tx, Caller actor, Ticket before, Ticket after, boolean bumpVersion) {
    Ticket marked = after.withMarks(slaClock());
    SlaState stateNow = SlaClock.state(marked.status(), marked.firstRespondedAt(), marked.resolvedAt(),
        marked.slaMarks(), slaClock().now());
    return TicketRepository.update(tx, marked, bumpVersion, stateNow)
        .compose(saved -> TicketHistory.write(tx, saved.id(), actor, TicketHistory.diff(before, saved)).map(saved));
  }

  /** The ticket.updated event for a saved ticket. */
  public Future<Void> ticketUpdated(SqlClient tx, Ticket t) {
    return EventLog.append(tx, "ticket.updated", t.id(), t.requester().key(), false, json.render(t)).mapEmpty();
  }

  /** The ticket.updated event for a ticket whose JSON gained fields from a hook (e.g. a rating). */
  public Future<Void> ticketUpdated(SqlClient tx, Ticket t, JsonObject extraFields) {
    return EventLog.append(tx, "ticket.updated", t.id(), t.requester().key(), false,
        json.render(t).mergeIn(extraFields)).mapEmpty();
  }

  public SlaClock slaClock() {
    return json.slaClock();
  }

  /** The system messages a change of status, priority or agent adds to the thread. */
  public static List<String> changeNotes(Caller caller, Ticket before, Ticket after) {
    List<String> notes = new ArrayList<>();
    String by = " by " + caller.name() + ".";
    if (before.status() != after.status()) {
      notes.add("Status changed from " + before.status().label() + " to " + after.status().label() + by);
    }
    if (before.priority() != after.priority()) {
      notes.add("Priority changed from " + before.priority().label() + " to " + after.priority().label() + by);
    }
    if (!Objects.equals(before.assigneeId(), after.assigneeId())) {
      notes.add(after.assigneeId() == null ? "Unassigned (was " + before.assigneeName() + ")" + by
          : "Assigned to " + after.assigneeName() + by);
    }
    return notes;
  }

  /** Writes each note as a system message and its message.created event. */
  public static Future<Void> systemMessages(SqlClient tx, Caller caller, Ticket ticket, List<String> notes) {
    Future<Void> chain = Future.succeededFuture();
    for (String note : notes) {
      chain = chain.compose(v -> MessageRepository.insertSystem(tx, ticket.id(), actorId(caller), note))
          .compose(message -> messageEvent(tx, ticket, message));
    }
    return chain;
  }

  /** The user who acts, for system messages, history and mails; null for a contact or the service itself. */
  public static Long actorId(Caller caller) {
    return caller.kind() == Caller.Kind.USER && !caller.isSystem() ? caller.id() : null;
  }

  public static Future<Void> messageEvent(SqlClient tx, Ticket ticket, Message message) {
    JsonObject payload = new JsonObject().put("ticketRef", ticket.ref()).put("message", message.toJson());
    return EventLog.append(tx, "message.created", ticket.id(), ticket.requester().key(), message.isInternal(), payload)
        .mapEmpty();
  }

  private static Future<String> checkAssignee(SqlClient tx, Long assigneeId) {
    if (assigneeId == null) {
      return Future.succeededFuture();
    }
    return TicketRepository.staffName(tx, assigneeId).map(name -> name.orElseThrow(
        () -> ApiError.invalid("assignee", "no active agent or admin has id " + assigneeId)));
  }

  private static Future<Void> checkRequester(SqlClient tx, Ticket.Requester requester) {
    if (requester == null) {
      return Future.succeededFuture();
    }
    return TicketRepository.requesterExists(tx, requester.type(), requester.id()).map(exists -> {
      if (!exists) {
        throw ApiError.invalid("requester", "no " + requester.type() + " has id " + requester.id());
      }
      return null;
    });
  }

  /** The insert relies on the foreign key to check the requester, saving a round trip. */
  private static Future<Ticket> unknownRequester(Throwable failure) {
    if (failure instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
        && pg.getConstraint() != null && pg.getConstraint().contains("requester")) {
      String type = pg.getConstraint().contains("contact") ? "contact" : "user";
      return Future.failedFuture(ApiError.invalid("requester", "no " + type + " has that id"));
    }
    return Future.failedFuture(failure);
  }
}
