package dev.helpdesk.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * {@code subscribe} and {@code unsubscribe}: checks the topic against {@link TopicAccess},
 * keeps the socket's topics and the hub's {@link TopicIndex} in step, and sends what a new
 * follower sees at once (who is on the ticket, the latest wallboard). Runs on the hub's event loop.
 */
final class Subscriptions {

  static final int MAX_TOPICS = 100;

  private final LiveService service;
  private final EventBus bus;
  private final TopicIndex index;
  private final TopicAccess access;
  private final Resumer resumer;

  Subscriptions(LiveService service, EventBus bus, TopicIndex index, TopicAccess access, Resumer resumer) {
    this.service = service;
    this.bus = bus;
    this.index = index;
    this.access = access;
    this.resumer = resumer;
  }

  void subscribe(LiveSocket s, String requested) {
    String topic = Topics.canonical(requested);
    if (topic == null) {
      throw new ClientFrame.Bad("Unknown topic '" + ClientFrame.shorten(requested)
          + "': use tickets, ticket:TKT-017, notifications, counts or wallboard");
    }
    String refusal = access.refusal(s.viewer, topic);
    if (refusal != null) {
      throw new ClientFrame.Bad(refusal);
    }
    if (!s.topics.contains(topic)) {
      if (s.topics.size() >= MAX_TOPICS) {
        throw new ClientFrame.Bad("At most " + MAX_TOPICS + " topics per connection");
      }
      follow(s, topic);
    }
    // Followed at once, so that nothing is missed while the database confirms (events are checked one by one
    // with Viewer.mayRead anyway); answered only once confirmed, so a topic the caller may not see gets the
    // error alone, never "subscribed" first. Staff and topics without a database rule confirm at once.
    access.confirm(s.viewer, topic).onComplete(ar -> {
      if (s.isClosed() || !s.topics.contains(topic)) {
        return;
      }
      if (ar.succeeded() && ar.result()) {
        subscribed(s, topic);
      } else {
        unfollow(s, topic);
        String ref = refOf(topic);
        s.send(Frames.error(ref != null ? "No ticket " + ref : "You may not follow " + topic));
      }
    });
  }

  /** The topic is confirmed: "subscribed", then what a new follower sees at once. */
  private void subscribed(LiveSocket s, String topic) {
    s.send(Frames.of(new JsonObject().put("type", "subscribed").put("topic", topic)));
    if (!Topics.WALLBOARD.equals(topic) && !CountsTopic.TOPIC.equals(topic)) {
      resumer.subscribed(s);
    }
    if (Topics.WALLBOARD.equals(topic)) {
      Buffer latest = service.latestWallboard();
      if (latest != null) {
        s.send(latest);
      }
      bus.send(LiveAddresses.WALLBOARD_WANTED, "");
    }
    String ref = refOf(topic);
    if (ref == null) {
      return;
    }
    if (s.viewer.isStaff()) {
      PresenceBoard.Update now = service.presenceOf(ref);
      if (now != null) {
        s.send(now.staffFrame());
      }
    } else if (s.viewer.isRequester()) {
      s.owned.add(ref);
      PresenceBoard.Update current = service.presenceOf(ref);
      if (current != null && current.anyoneTyping()) {
        s.send(current.requesterFrame());
      }
    }
  }

  void unsubscribe(LiveSocket s, String requested) {
    String topic = Topics.canonical(requested);
    if (topic != null && s.topics.contains(topic)) {
      unfollow(s, topic);
    }
    s.send(Frames.of(new JsonObject().put("type", "unsubscribed").put("topic", topic == null ? requested : topic)));
  }

  /** The socket is gone: out of every topic. */
  void closed(LiveSocket s) {
    for (String topic : s.topics.toArray(String[]::new)) {
      unfollow(s, topic);
    }
  }

  private void follow(LiveSocket s, String topic) {
    s.topics.add(topic);
    index.add(s, topic);
    if (Topics.WALLBOARD.equals(topic)) {
      service.wallboardFollowed(1);
    }
    if (CountsTopic.TOPIC.equals(topic)) {
      service.countsFollowers().followed(s.viewer.userId());
    }
  }

  private void unfollow(LiveSocket s, String topic) {
    s.topics.remove(topic);
    index.remove(s, topic);
    if (Topics.WALLBOARD.equals(topic)) {
      service.wallboardFollowed(-1);
    }
    if (CountsTopic.TOPIC.equals(topic)) {
      service.countsFollowers().unfollowed(s.viewer.userId());
    }
    String ref = refOf(topic);
    if (ref != null) {
      s.owned.remove(ref);
    }
  }

  private static String refOf(String topic) {
    return topic.startsWith(Topics.TICKET_PREFIX) ? topic.substring(Topics.TICKET_PREFIX.length()) : null;
  }
}
