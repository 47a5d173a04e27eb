package dev.helpdesk.live;

import io.vertx.core.buffer.Buffer;

/**
 * Fans one hub's share of each live event out: to the followers of the ticket's topic,
 * to the staff following {@code tickets} and to the sockets of the one requester the
 * event is about; a notification only to its recipient's sockets. Every socket of an audience gets the same encoded frame; nothing is
 * encoded, parsed, copied or asked of the database per socket. Runs on the hub's event
 * loop; times itself into {@link FanoutClock}.
 */
final class EventDispatch {

  private final LiveMetrics metrics;
  /** The id of the last event this hub received: replays read up to here, live goes on after it. */
  private long lastLiveId;
  // the event being dispatched, read by the visitors below (no lambda allocated per event)
  private LiveEvent current;
  private Buffer frame;
  private int written;
  private final Followers.Visit toTicketFollower = this::toTicketFollower;
  private final Followers.Visit toListFollower = this::toListFollower;

  EventDispatch(LiveMetrics metrics, long watermark) {
    this.metrics = metrics;
    this.lastLiveId = watermark;
  }

  long lastLiveId() {
    return lastLiveId;
  }

  void dispatch(LiveEvent e, TopicIndex index) {
    lastLiveId = Math.max(lastLiveId, e.id());
    current = e;
    written = 0;
    try {
      if (e.ticketTopic() != null) {
        frame = e.ticketFrame();
        Followers audience = NotificationTopic.TOPIC.equals(e.ticketTopic()) ? index.person(e.requester())
            : index.followers(e.ticketTopic());
        audience.walk(toTicketFollower);
      }
      if (e.listFrame() != null) {
        frame = e.listFrame();
        index.followers(Topics.TICKETS).walk(toListFollower);
        if (e.requester() != null && !e.internal()) {
          index.requesterList(e.requester()).walk(toListFollower);
        }
      }
    } finally {
      current = null;
      frame = null;
      metrics.written(written);
      if (e.fanout() != null) {
        e.fanout().hubDone();
      }
    }
  }

  private void toTicketFollower(LiveSocket s) {
    if (s.viewer.isRequester() && !s.viewer.requesterKey().equals(current.requester())) {
      s.owned.remove(current.ticketRef()); // the ticket changed hands: no more presence for them
    }
    offer(s);
  }

  private void toListFollower(LiveSocket s) {
    offer(s);
  }

  private void offer(LiveSocket s) {
    LiveEvent e = current;
    if (e.id() <= s.lastSentId || !s.viewer.mayRead(e)) {
      return;
    }
    if (s.holding) {
      s.hold(e);
    } else {
      s.lastSentId = e.id();
      s.send(frame);
      written++;
    }
  }
}
