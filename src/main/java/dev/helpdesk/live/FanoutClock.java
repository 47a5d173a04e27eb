package dev.helpdesk.live;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times one live event through the service: from the moment the change feed read it to
 * the moment the last hub wrote it to its last socket. Every hub of the process gets the
 * event; each says when it is done, and the last one records the whole span.
 */
final class FanoutClock {

  private final long readAt;
  private final AtomicInteger hubsLeft;
  private final LiveMetrics metrics;

  FanoutClock(long readAtNanos, int hubs, LiveMetrics metrics) {
    this.readAt = readAtNanos;
    this.hubsLeft = new AtomicInteger(hubs);
    this.metrics = metrics;
  }

  /** One hub has written the event to every socket of its own that gets it. */
  void hubDone() {
    if (hubsLeft.decrementAndGet() == 0) {
      metrics.fanout(System.nanoTime() - readAt);
    }
  }
}
