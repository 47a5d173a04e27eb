package dev.helpdesk.writes;

import dev.helpdesk.domain.DomainError;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.ticket.TicketJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit. Changes are queued on the writer's own event loop; one transaction is in
 * flight at a time, and the changes that arrive meanwhile are written together in the next
 * one (at most {@link #MAX_BATCH}). Each change is answered on its caller's event loop
 * after the commit, with its own outcome: a change its planner refuses (unknown requester,
 * stale version) fails alone, its planned rows undone. Should the database refuse the
 * transaction as a whole (a row gone between read and write, a deadlock with another
 * instance), each change of it is retried in a transaction of its own, so a bad change
 * still fails alone. Nothing is answered before its commit; durability is PostgreSQL's
 * ({@code synchronous_commit} on), only the number of commits per change is smaller.
 * Work that cannot share (a merge, a bulk chunk, a round of the SLA watcher) runs alone,
 * in queue order.
 */
final class GroupCommit {

  static final int MAX_BATCH = 64;
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** Work that has a transaction to itself. */
  interface Solo<T> extends Function<WriteTx, Future<T>> {}

  private record Pending<T>(Object item, Promise<T> promise, Context caller) {}

  private record Outcome(Pending<?> pending, Object value, Throwable failure, BatchItem<?> redirect) {}

  private final Pool pool;
  private final Context context;
  private final TicketJson json;
  private final Notifier notifier;
  private final List<WriteHook> hooks = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
  private final WriteStats stats;
  private boolean inFlight;

  GroupCommit(Vertx vertx, Pool pool, TicketJson json, Notifier notifier, WriteStats stats) {
    this.pool = pool;
    this.json = json;
    this.notifier = notifier;
    this.stats = stats;
    // an event loop of its own; on a Vert.x thread this is the caller's, which is as good
    this.context = vertx.getOrCreateContext();
  }

  void addHook(WriteHook hook) {
    hooks.add(hook);
  }

  void removeHook(WriteHook hook) {
    hooks.remove(hook);
  }

  List<WriteHook> hooks() {
    return hooks;
  }

  <T> Future<T> batch(BatchItem<T> item) {
    return enqueue(item);
  }

  <T> Future<T> solo(Solo<T> work) {
    return enqueue(work);
  }

  private <T> Future<T> enqueue(Object item) {
    Promise<T> promise = Promise.promise();
    Pending<T> pending = new Pending<>(item, promise, Vertx.currentContext());
    context.runOnContext(v -> {
      queue.add(pending);
      drain();
    });
    return promise.future();
  }

  /** Starts the next transaction if none is in flight. Runs on the writer's context only. */
  private void drain() {
    if (inFlight || queue.isEmpty()) {
      return;
    }
    inFlight = true;
    List<Pending<?>> batch = new ArrayList<>();
    if (queue.peek().item() instanceof Solo<?>) {
      batch.add(queue.poll());
    } else {
      while (!queue.isEmpty() && batch.size() < MAX_BATCH && queue.peek().item() instanceof BatchItem<?>) {
        batch.add(queue.poll());
      }
    }
    run(batch).onComplete(ar -> {
      inFlight = false;
      drain();
    });
  }

  private Future<Void> run(List<Pending<?>> batch) {
    long started = System.nanoTime();
    return transaction(batch).compose(outcomes -> {
      stats.committed(batch.size(), System.nanoTime() - started);
      deliver(outcomes);
      return Future.<Void>succeededFuture();
    }, failure -> {
      if (batch.size() == 1) {
        answer(batch.get(0), null, failure);
        return Future.succeededFuture();
      }
      log.debug("A batch of {} changes failed as a whole ({}); retrying each alone", batch.size(),
          failure.getMessage());
      stats.retried(batch.size());
      Future<Void> chain = Future.succeededFuture();
      for (Pending<?> p : batch) {
        chain = chain.compose(v -> run(List.of(p)));
      }
      return chain;
    });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Future<List<Outcome>> transaction(List<Pending<?>> batch) {
    return pool.withTransaction(tx -> {
      WriteTx w = new WriteTx(tx, json, notifier);
      if (batch.get(0).item() instanceof Solo solo) {
        w.changes().solo(true);
        return ((Future<Object>) solo.apply(w))
            .compose(value -> finish(w).map(v -> List.of(new Outcome(batch.get(0), value, null, null))));
      }
      // creates are prepared (routed) before their ids are taken: a round robin's turn, locked
      // until commit, then follows the order of the refs across instances too
      Prefetch found = new Prefetch();
      List<Object> early = new ArrayList<>(batch.size());
      List<Object> items = new ArrayList<>(batch.size());
      return prepare(tx, null, batch.stream().map(Pending::item).toList(), early).compose(v -> {
        Prefetch.Needs needs = new Prefetch.Needs();
        early.forEach(item -> {
          if (item instanceof BatchItem<?> b) {
            b.need(needs);
          }
        });
        return Future.all(w.reserve(needs.ticketIds, needs.messageIds), found.fetch(tx, needs));
      }).compose(v -> prepare(tx, found, early, items)).compose(v -> {
        int moreTickets = 0;
        int moreMessages = 0;
        Prefetch.Needs after = new Prefetch.Needs();
        for (Object item : items) {
          if (item instanceof BatchItem<?> b) {
            moreTickets += b.moreTicketIds(found);
            moreMessages += b.moreMessageIds();
            b.needAfterPrepare(found, after);
          }
        }
        return Future.all(w.reserve(moreTickets, moreMessages), found.fetch(tx, after));
      }).compose(v -> {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          Pending<?> p = batch.get(i);
          if (items.get(i) instanceof DomainError refused) {
            outcomes.add(new Outcome(p, null, refused, null));
            continue;
          }
          ChangeSet.Mark mark = w.changes().mark();
          try {
            outcomes.add(new Outcome(p, ((BatchItem<?>) items.get(i)).plan(w, found), null, null));
          } catch (BatchItem.Redirect redirect) {
            w.changes().reset(mark);
            outcomes.add(new Outcome(p, null, null, redirect.next));
          } catch (DomainError refused) {
            w.changes().reset(mark);
            outcomes.add(new Outcome(p, null, refused, null));
          }
        }
        return finish(w).map(x -> outcomes);
      });
    });
  }

  /**
   * Each item as the hooks with I/O leave it (a create routed), one after another, into
   * {@code out}: before the batch's reads ({@code found} null) and after them. An item a hook
   * refuses ({@link DomainError}) is recorded as its failure and passed on as such.
   */
  private Future<Void> prepare(SqlClient tx, Prefetch found, List<Object> in, List<Object> out) {
    Future<Void> chain = Future.succeededFuture();
    for (Object item : in) {
      if (!(item instanceof BatchItem<?> b)) {
        out.add(item);
        continue;
      }
      chain = chain.compose(v -> b.prepare(tx, found, hooks)
          .<Void>map(prepared -> {
            out.add(prepared);
            return null;
          })
          .recover(failure -> {
            if (failure instanceof DomainError refused) {
              out.add(refused);
              return Future.succeededFuture();
            }
            return Future.failedFuture(failure);
          }));
    }
    return chain;
  }

  /** Hooks, then the rows. */
  private Future<Void> finish(WriteTx w) {
    Future<Void> chain = Future.succeededFuture();
    for (WriteHook hook : hooks) {
      chain = chain.compose(v -> hook.planned(w.sql(), w.changes()));
    }
    return chain.compose(v -> RowWriter.write(w.sql(), w.changes()))
        .onSuccess(v -> {
          if (!w.changes().mails.isEmpty()) {
            mailsQueued = true;
          }
        });
  }

  private boolean mailsQueued;

  private void deliver(List<Outcome> outcomes) {
    if (mailsQueued) {
      mailsQueued = false;
      notifier.kick();
    }
    List<Pending<?>> again = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.redirect() != null) {
        again.add(new Pending<>(o.redirect(), (Promise) o.pending().promise(), o.pending().caller()));
      } else {
        answer(o.pending(), o.value(), o.failure());
      }
    }
    for (int i = again.size() - 1; i >= 0; i--) {
      queue.addFirst(again.get(i));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void answer(Pending<?> p, Object value, Throwable failure) {
    Promise promise = p.promise();
    Throwable mapped = failure == null ? null : domain(failure);
    Runnable complete = () -> {
      if (mapped != null) {
        promise.fail(mapped);
      } else {
        promise.complete(value);
      }
    };
    if (p.caller() != null && p.caller() != Vertx.currentContext()) {
      p.caller().runOnContext(v -> complete.run());
    } else {
      complete.run();
    }
  }

  /** A requester deleted between the read and the insert: the foreign key says so, as a 400 on that change. */
  private static Throwable domain(Throwable failure) {
    if (failure instanceof PgException pg && "23503".equals(pg.getSqlState()) && pg.getConstraint() != null
        && pg.getConstraint().contains("requester")) {
      String type = pg.getConstraint().contains("contact") ? "contact" : "user";
      return new DomainError.Invalid("requester", "no " + type + " has that id");
    }
    return failure;
  }
}
