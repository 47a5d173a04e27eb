package dev.helpdesk.live;

import dev.helpdesk.wallboard.WallboardQuery;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes {@code wallboard.updated} after changes: computed once per instance (not per
 * client), at most once every {@value #MIN_INTERVAL_MS} ms however many changes come (and no
 * more often than every twice the time the last computation took, so that a slow desk is not
 * asked more than half the time), so that a change shows within a second,
 * and every {@value #REFRESH_MS} ms anyway (SLA clocks and hours move on without changes).
 * Nothing is computed while no wallboard follows. Runs on LiveVerticle's context.
 */
final class WallboardFeed {

  private static final Logger log = LoggerFactory.getLogger(WallboardFeed.class);

  static final long MIN_INTERVAL_MS = 500;
  static final long REFRESH_MS = 30_000;

  /** The frame every wallboard follower gets. It has no event id: it is not in the events table. */
  record Update(Buffer frame) {}

  private final Vertx vertx;
  private final WallboardQuery query;
  private final LiveService service;
  private boolean dirty = true;
  private boolean computing;
  private long timer = -1;
  private long lastStart;
  private long lastTook;

  WallboardFeed(Vertx vertx, WallboardQuery query, LiveService service) {
    this.vertx = vertx;
    this.query = query;
    this.service = service;
  }

  /** Something changed. */
  void changed() {
    dirty = true;
    schedule();
  }

  /** A wallboard started following: make sure it gets fresh numbers. */
  void wanted() {
    schedule();
  }

  void refresh() {
    changed();
  }

  private void schedule() {
    if (!dirty || computing || timer != -1 || !service.wallboardFollowed()) {
      return;
    }
    long wait = lastStart + Math.max(MIN_INTERVAL_MS, 2 * lastTook) - System.currentTimeMillis();
    if (wait > 0) {
      timer = vertx.setTimer(wait, id -> {
        timer = -1;
        schedule();
      });
      return;
    }
    computing = true;
    dirty = false;
    lastStart = System.currentTimeMillis();
    query.compute().onComplete(ar -> {
      computing = false;
      lastTook = System.currentTimeMillis() - lastStart;
      if (ar.succeeded()) {
        Buffer frame = Frames.of(new JsonObject().put("type", "event").put("topic", Topics.WALLBOARD)
            .put("kind", "wallboard.updated").put("data", ar.result()));
        service.latestWallboard(frame);
        vertx.eventBus().publish(LiveAddresses.WALLBOARD, new Update(frame));
      } else {
        log.warn("Computing the wallboard failed; trying again: {}", ar.cause().getMessage());
        dirty = true;
      }
      schedule();
    });
  }
}
