package dev.helpdesk.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resume}: replays what a socket missed from the events table while its live
 * events wait in its hold, then lets them through: in id order, nothing twice, nothing
 * missed. Also the short hold after a first subscribe, so that a client that subscribes
 * and then resumes gets the replay before any live event. Runs on the hub's event loop.
 */
final class Resumer {

  private static final Logger log = LoggerFactory.getLogger(Resumer.class);

  /** After the first subscribe, events wait this long for a {@code resume} so that replay and live stay in order. */
  static final long RESUME_WINDOW_MS = 250;

  private final Vertx vertx;
  private final Replay replay;
  private final LongSupplier lastLiveId;

  Resumer(Vertx vertx, Replay replay, LongSupplier lastLiveId) {
    this.vertx = vertx;
    this.replay = replay;
    this.lastLiveId = lastLiveId;
  }

  /** A socket subscribed to a topic with events: hold live events briefly in case a resume follows. */
  void subscribed(LiveSocket s) {
    if (s.resumedOnce || s.holding) {
      return;
    }
    s.holding = true;
    s.holdTimer = vertx.setTimer(RESUME_WINDOW_MS, id -> {
      s.holdTimer = -1;
      if (!s.resuming) {
        release(s);
      }
    });
  }

  void resume(LiveSocket s, long after) {
    if (s.resuming) {
      throw new ClientFrame.Bad("A resume is already running on this connection");
    }
    if (after < s.lastSentId) {
      throw new ClientFrame.Bad("Resume right after subscribing: events after " + after
          + " were already sent on this connection");
    }
    cancelTimer(s);
    s.resuming = true;
    s.resumedOnce = true;
    s.holding = true;
    long upTo = lastLiveId.getAsLong();
    Replay.Scope scope = Replay.Scope.of(s);
    Future<Boolean> replayed = after >= upTo || scope.isEmpty() ? Future.succeededFuture(true)
        : replay.count(scope, after, upTo).compose(n -> n > Replay.LIMIT ? Future.succeededFuture(false)
            : pages(s, scope, after, upTo).map(true));
    replayed.onComplete(ar -> {
      s.resuming = false;
      if (s.isClosed()) {
        return;
      }
      s.lastSentId = Math.max(s.lastSentId, after);
      if (ar.succeeded() && ar.result()) {
        s.send(Frames.of(new JsonObject().put("type", "resumed").put("after", after)
            .put("lastEventId", s.lastSentId)));
      } else {
        if (ar.failed()) {
          log.warn("Replaying events after {} for live socket {} failed: {}", after, s.id, ar.cause().getMessage());
        }
        s.lastSentId = Math.max(s.lastSentId, upTo);
        s.send(Frames.of(new JsonObject().put("type", "resync").put("lastEventId", s.lastSentId)
            .put("detail", "Too much was missed to replay: reload, then live goes on after this id")));
      }
      release(s);
    });
  }

  /** The socket is gone: its hold timer with it. */
  void closed(LiveSocket s) {
    cancelTimer(s);
  }

  private Future<Void> pages(LiveSocket s, Replay.Scope scope, long after, long upTo) {
    return replay.page(scope, after, upTo).compose(events -> {
      for (LiveEvent e : events) {
        s.deliver(e, s.frameFor(e));
      }
      if (events.size() < Replay.PAGE || s.isClosed()) {
        return Future.succeededFuture();
      }
      long next = events.get(events.size() - 1).id();
      return s.drained().compose(v -> pages(s, scope, next, upTo));
    });
  }

  /** Ends the hold: what waited goes out in order, minus anything already sent. */
  private void release(LiveSocket s) {
    s.holding = false;
    while (!s.held.isEmpty() && !s.isClosed()) {
      LiveEvent e = s.held.poll();
      s.deliver(e, s.frameFor(e));
    }
  }

  private void cancelTimer(LiveSocket s) {
    if (s.holdTimer != -1) {
      vertx.cancelTimer(s.holdTimer);
      s.holdTimer = -1;
    }
  }
}
