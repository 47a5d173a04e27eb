package dev.helpdesk.bulk;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.DomainError;
import dev.helpdesk.writes.ChangeSet;
import dev.helpdesk.writes.TicketWriter;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.search.Cursor;
import dev.helpdesk.search.Query;
import dev.helpdesk.search.Sort;
import dev.helpdesk.search.TicketSearch;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketPatch;
import dev.helpdesk.ticket.TicketRepository;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one change to many tickets. The tickets go in chunks of {@link #CHUNK}, each
 * chunk one short transaction that locks its rows (in id order, so two bulk changes never
 * deadlock) and writes, per ticket, what a single PATCH writes (see {@link BulkWrites}: the
 * row, the ticket.updated event and the system messages with their events) with a few
 * set-based statements. Nothing blocks the event loop. A ticket that cannot change (a closed ticket can only be reopened) is
 * reported and the others change. Agents given tickets hear once per bulk change, in one
 * summary mail, not once per ticket.
 */
public final class BulkService {

  static final int CHUNK = 1000;
  private static final Logger log = LoggerFactory.getLogger(BulkService.class);


  /** What a bulk change did. */
  public record Result(int updated, int unchanged, List<Failure> failed) {
    public JsonObject toJson() {
      return new JsonObject().put("updated", updated).put("unchanged", unchanged)
          .put("failed", new io.vertx.core.json.JsonArray(failed.stream()
              .map(f -> new JsonObject().put("id", f.id()).put("ref", Ticket.refOf(f.id())).put("error", f.error()))
              .toList()));
    }
  }

  /** A ticket that was not changed, and why. */
  public record Failure(long id, String error) {}

  /** Totals over the chunks, and the tickets each agent was given. */
  private static final class Tally {
    int updated;
    int unchanged;
    final List<Failure> failed = new ArrayList<>();
    final Map<Long, List<Ticket>> assigned = new LinkedHashMap<>();
  }

  private final Pool pool;
  private final TicketService tickets;
  private final TicketSearch search;
  private final TicketWriter writer;

  public BulkService(Pool pool, TicketService tickets, TicketSearch search, TicketWriter writer) {
    this.pool = pool;
    this.tickets = tickets;
    this.search = search;
    this.writer = writer;
  }

  /** The ids of every ticket the caller may see that the query matches, oldest first; too many is a 422. */
  public Future<List<Long>> idsMatching(Caller caller, Query query) {
    return search.count(caller, query).compose(total -> {
      if (total.count() > BulkRequest.MAX_TICKETS) {
        return Future.failedFuture(ApiError.unprocessable("The query matches " + (total.estimate() ? "about " : "")
            + total.count() + " tickets; a bulk change takes at most " + BulkRequest.MAX_TICKETS
            + ": narrow the filter"));
      }
      List<Long> ids = new ArrayList<>();
      return collect(caller, query, null, ids).map(v -> {
        if (ids.size() > BulkRequest.MAX_TICKETS) {
          throw ApiError.unprocessable("The query matches more than " + BulkRequest.MAX_TICKETS
              + " tickets; a bulk change takes at most that many: narrow the filter");
        }
        return ids;
      });
    });
  }

  private Future<Void> collect(Caller caller, Query query, Cursor after, List<Long> ids) {
    return search.page(pool, caller, query, Sort.CREATED, 2000, after, false).compose(page -> {
      page.items().forEach(t -> ids.add(t.id()));
      return page.next() == null || ids.size() > BulkRequest.MAX_TICKETS ? Future.succeededFuture()
          : collect(caller, query, page.next(), ids);
    });
  }

  public Future<Result> update(Caller caller, List<Long> ids, BulkRequest.Change change) {
    Tally tally = new Tally();
    Future<String> checked = change.assigneeId() == null ? Future.succeededFuture()
        : TicketRepository.staffName(pool, change.assigneeId()).map(name -> name.orElseThrow(() ->
            ApiError.invalid("set.assignee", "no active agent or admin has id " + change.assigneeId())));
    return checked
        .compose(name -> chunks(ids, 0, chunk -> updateChunk(caller, chunk, change, name, tally), tally))
        .compose(v -> mails(caller, tally))
        .map(v -> new Result(tally.updated, tally.unchanged, tally.failed));
  }

  public Future<Result> delete(List<Long> ids) {
    return delete(Caller.system(), ids);
  }

  /** Moves the tickets to the trash (issue 12), in chunks; each gets its ticket.deleted event. */
  public Future<Result> delete(Caller caller, List<Long> ids) {
    Tally tally = new Tally();
    return chunks(ids, 0, chunk -> deleteChunk(chunk, tally, caller), tally)
        .onComplete(done -> TicketSearch.forgetBroadCounts())
        .map(v -> new Result(tally.updated, tally.unchanged, tally.failed));
  }

  /** Runs the chunks one after another; a chunk that fails as a whole fails its tickets, and the next goes on. */
  private Future<Void> chunks(List<Long> ids, int from, Function<List<Long>, Future<Void>> work, Tally tally) {
    if (from >= ids.size()) {
      return Future.succeededFuture();
    }
    List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
    return work.apply(chunk)
        .recover(failure -> {
          if (failure instanceof ApiError error && error.status() < 500 || failure instanceof DomainError) {
            return Future.failedFuture(failure);
          }
          log.warn("Bulk change of {} tickets from {} failed", chunk.size(), Ticket.refOf(chunk.get(0)), failure);
          chunk.forEach(id -> tally.failed.add(new Failure(id, "could not be changed just now; try again")));
          return Future.succeededFuture();
        })
        .compose(v -> chunks(ids, from + CHUNK, work, tally));
  }

  private Future<Void> updateChunk(Caller caller, List<Long> chunk, BulkRequest.Change change, String assigneeName,
                                   Tally tally) {
    Tally local = new Tally();
    return writer.solo(w -> TicketWriter.lock(w, chunk).compose(found -> {
          List<Ticket[]> changes = new ArrayList<>();
          int notes = 0;
          for (long id : chunk) {
            Ticket current = found.get(id);
            if (current == null) {
              local.failed.add(new Failure(id, "No ticket " + Ticket.refOf(id)));
            } else if (change.status() != null && !current.status().canMoveTo(change.status())) {
              local.failed.add(new Failure(id, "A closed ticket can only be reopened (status open), not moved to "
                  + change.status().wire()));
            } else {
              Ticket next = changed(current, change, assigneeName);
              if (next == null) {
                local.unchanged++;
              } else {
                changes.add(new Ticket[] {current, next});
                notes += 3;
              }
            }
          }
          return w.reserve(0, notes).map(v -> {
            // per ticket what a PATCH writes: the row, ticket.updated, then its system notes
            for (Ticket[] c : changes) {
              Ticket saved = w.save(caller, c[0], c[1], true);
              w.ticketUpdated(saved);
              w.systemNotes(caller, saved, TicketWriter.changeNotes(caller, c[0], saved));
              w.changes().done(new ChangeSet.Done(caller, c[0], saved, null, null));
              local.updated++;
              if (saved.assigneeId() != null && !saved.assigneeId().equals(c[0].assigneeId())) {
                local.assigned.computeIfAbsent(saved.assigneeId(), k -> new ArrayList<>()).add(saved);
              }
            }
            return null;
          });
        }))
        .onSuccess(v -> {
          tally.updated += local.updated;
          tally.unchanged += local.unchanged;
          tally.failed.addAll(local.failed);
          local.assigned.forEach((agent, list) -> tally.assigned.computeIfAbsent(agent, k -> new ArrayList<>())
              .addAll(list));
        })
        .mapEmpty();
  }

  /** The ticket as the change leaves it (status moves its SLA facts, marks recomputed), or null if nothing changes. */
  private Ticket changed(Ticket current, BulkRequest.Change change, String assigneeName) {
    Long assignee = change.setAssignee() ? change.assigneeId() : current.assigneeId();
    boolean changes = (change.status() != null && change.status() != current.status())
        || (change.priority() != null && change.priority() != current.priority())
        || (change.category() != null && change.category() != current.category())
        || !Objects.equals(assignee, current.assigneeId());
    if (!changes) {
      return null;
    }
    TicketPatch patch = new TicketPatch(current.version(), null, null, change.status(), change.priority(),
        change.category(), null, null, assignee, assignee == null, null, null, false);
    String name = Objects.equals(assignee, current.assigneeId()) ? current.assigneeName()
        : assignee == null ? null : assigneeName;
    return tickets.apply(current, patch, assignee).withAssignee(assignee, name);
  }

  private Future<Void> deleteChunk(List<Long> chunk, Tally tally, Caller by) {
    return writer.deleteAll(by, chunk)
        .onSuccess(list -> {
          java.util.Set<Long> deleted = new java.util.HashSet<>(list);
          tally.updated += deleted.size();
          chunk.stream().filter(id -> !deleted.contains(id))
              .forEach(id -> tally.failed.add(new Failure(id, "No ticket " + Ticket.refOf(id))));
        })
        .mapEmpty();
  }

  /** One summary mail per agent given tickets, in one transaction after the changes committed. */
  private Future<Void> mails(Caller caller, Tally tally) {
    if (tally.assigned.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Ticket> firsts = tally.assigned.values().stream().map(list -> list.get(0)).toList();
    return writer.solo(w -> TicketWriter.emails(w, firsts).map(emails -> {
      tally.assigned.forEach((agent, list) -> w.changes().staffMail(agent, "assigned",
          w.notifier().bulkAssignedMail(list, emails.get(agent), TicketService.actorId(caller), caller.name())));
      return null;
    }));
  }
}
