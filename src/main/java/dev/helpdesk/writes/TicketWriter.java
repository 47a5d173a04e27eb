package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.conversation.NewMessage;
import dev.helpdesk.conversation.ThreadWrites;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.domain.Rendered;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketJson;
import dev.helpdesk.ticket.TicketPatch;
import dev.helpdesk.ticket.TicketWrites;
import dev.helpdesk.trash.TrashHook;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one write path's front door. Creates, PATCHes and posts share transactions through
 * {@link GroupCommit}; the rest (delete, merge, auto-close, SLA, re-targeting, bulk chunks)
 * take one each, in the same queue. Implements the ports the feature packages declare.
 */
public final class TicketWriter implements TicketWrites, ThreadWrites {

  private final GroupCommit commits;

  public TicketWriter(Vertx vertx, Pool pool, TicketJson json, Notifier notifier, MeterRegistry registry) {
    this.commits = new GroupCommit(vertx, pool, json, notifier, new WriteStats(registry));
  }

  /** Adds a hook run inside every write transaction (see {@link WriteHook}). */
  public TicketWriter addHook(WriteHook hook) {
    commits.addHook(hook);
    return this;
  }

  public void removeHook(WriteHook hook) {
    commits.removeHook(hook);
  }

  @Override
  public Future<Rendered<Ticket>> create(Caller caller, NewTicket n) {
    NewTicket routed = n;
    for (WriteHook hook : commits.hooks()) {
      routed = hook.beforeCreate(caller, routed);
    }
    return commits.batch(new CreatePlan(caller, routed));
  }

  @Override
  public Future<Rendered<Ticket>> update(Caller caller, long id, TicketPatch patch) {
    return commits.batch(new PatchPlan(caller, id, patch));
  }

  @Override
  public Future<Rendered<Message>> post(Caller caller, long ticketId, NewMessage m) {
    return commits.batch(new PostPlan(caller, ticketId, m, false));
  }

  /**
   * A PATCH (or none) and a message (or none) as one change, checked against {@code version}
   * once: a macro. The message is made from the ticket as the PATCH leaves it.
   */
  public Future<Rendered<Ticket>> apply(Caller caller, long id, int version, TicketPatch patch,
                                       Function<Ticket, NewMessage> message) {
    return commits.batch(new ApplyPlan(caller, id, version, patch, message));
  }

  @Override
  public Future<Void> delete(long id) {
    return commits.solo(w -> Maintenance.delete(w, List.of(id)).map(deleted -> {
      if (deleted.isEmpty()) {
        throw new DomainError.NotFound("No ticket " + Ticket.refOf(id));
      }
      return null;
    }));
  }

  /** Deletes many; answers the ids that existed. */
  public Future<List<Long>> deleteAll(List<Long> ids) {
    return commits.solo(w -> Maintenance.delete(w, ids));
  }

  @Override
  public Future<Void> delete(Caller by, long id) {
    return deleteAll(by, List.of(id)).map(deleted -> {
      if (deleted.isEmpty()) {
        throw new DomainError.NotFound("No ticket " + Ticket.refOf(id));
      }
      return null;
    });
  }

  /** Deletes many, each kept whole in the trash first (issue 12: the hook); answers the ids that existed. */
  public Future<List<Long>> deleteAll(Caller by, List<Long> ids) {
    return commits.solo(w -> TrashHook.keep(w.sql(), ids, by).compose(v -> Maintenance.delete(w, ids)));
  }

  @Override
  public Future<Rendered<Ticket>> restore(Caller caller, long id) {
    return commits.solo(w -> TrashHook.putBack(w.sql(), id) // issue 12: the trash
        .compose(found -> {
          if (!found) {
            throw new DomainError.NotFound("No ticket " + Ticket.refOf(id) + " in the trash");
          }
          return Maintenance.lock(w, List.of(id));
        })
        .compose(found -> w.reserve(0, 1).map(found.get(id)))
        .map(ticket -> {
          String json = w.ticketEvent("ticket.created", ticket);
          w.systemNote(caller, ticket, "Restored from the trash by " + caller.name() + ".");
          return new Rendered<>(ticket, json);
        }));
  }

  @Override
  public Future<Rendered<Ticket>> merge(Caller caller, long sourceId, long targetId, Boolean reopen) {
    return commits.solo(w -> Maintenance.merge(w, caller, sourceId, targetId, reopen));
  }

  @Override
  public Future<Integer> closeResolved(int days, int batch) {
    return commits.solo(w -> Maintenance.closeResolved(w, days, batch));
  }

  @Override
  public Future<Integer> announceSla(int batch, BiFunction<Ticket, SlaState, String> note) {
    return commits.solo(w -> Maintenance.announceDue(w, batch, note));
  }

  @Override
  public Future<Integer> retarget(Caller actor, List<Long> ids) {
    return commits.solo(w -> Maintenance.retarget(w, actor, ids));
  }

  /**
   * Work with a transaction of its own (a bulk chunk): it reads and locks through
   * {@link WriteTx#sql()} and describes its changes through the {@link WriteTx}.
   */
  public <T> Future<T> solo(Function<WriteTx, Future<T>> work) {
    return commits.solo(work::apply);
  }

  /** Locks tickets in id order inside a solo work; answers them by id. */
  public static Future<java.util.Map<Long, Ticket>> lock(WriteTx w, List<Long> ids) {
    return Maintenance.lock(w, ids);
  }

  /** The system notes a change of status, priority or agent adds. */
  public static List<String> changeNotes(Caller caller, Ticket before, Ticket after) {
    return PatchPlan.changeNotes(caller, before, after);
  }

  /** Assignees' addresses, for mails planned in a solo work. */
  public static Future<java.util.Map<Long, String>> emails(WriteTx w, java.util.Collection<Ticket> tickets) {
    return Maintenance.emails(w, tickets);
  }
}
