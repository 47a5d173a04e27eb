package dev.helpdesk.live;

import java.util.HashMap;
import java.util.Map;

/**
 * Who follows what, on one hub: topic → its followers. The {@code tickets} topic is split
 * by audience: staff follow it as one set (every ticket change goes to all of them as the
 * same frame), each requester's sockets are kept under their requester key, so that a
 * change reaches only the requester it is about without looking at any other.
 */
final class TopicIndex {

  private static final Followers NONE = new Followers();

  private final Map<String, Followers> byTopic = new HashMap<>();
  /** Requester key ({@code contact:3}) → that requester's sockets following {@code tickets}. */
  private final Map<String, Followers> requesterLists = new HashMap<>();
  /** Recipient key ({@code staff:5}) → that person's sockets following {@code notifications}. */
  private final Map<String, Followers> people = new HashMap<>();
  /** Person key ({@code staff:5}) → that person's sockets following {@code counts}. */
  private final Map<String, Followers> counters = new HashMap<>();

  void add(LiveSocket s, String topic) {
    mapOf(s, topic).computeIfAbsent(key(s, topic), k -> new Followers()).add(s);
  }

  void remove(LiveSocket s, String topic) {
    Map<String, Followers> map = mapOf(s, topic);
    String key = key(s, topic);
    Followers f = map.get(key);
    if (f != null && f.remove(s) && f.isEmpty()) {
      map.remove(key);
    }
  }

  /** The followers of a topic (for {@code tickets}: the staff ones); never null. */
  Followers followers(String topic) {
    Followers f = topic == null ? null : byTopic.get(topic);
    return f == null ? NONE : f;
  }

  /** One requester's sockets following {@code tickets}; never null. */
  Followers requesterList(String requesterKey) {
    Followers f = requesterKey == null ? null : requesterLists.get(requesterKey);
    return f == null ? NONE : f;
  }

  /** One person's sockets following {@code notifications} ({@code staff:5}); never null. */
  Followers person(String recipientKey) {
    Followers f = recipientKey == null ? null : people.get(recipientKey);
    return f == null ? NONE : f;
  }

  /** One person's sockets following {@code counts} ({@code staff:5}); never null. */
  Followers counter(String key) {
    Followers f = key == null ? null : counters.get(key);
    return f == null ? NONE : f;
  }

  private Map<String, Followers> mapOf(LiveSocket s, String topic) {
    if (CountsTopic.TOPIC.equals(topic)) {
      return counters;
    }
    return isRequesterList(s, topic) ? requesterLists : NotificationTopic.TOPIC.equals(topic) ? people : byTopic;
  }

  private static boolean isRequesterList(LiveSocket s, String topic) {
    return Topics.TICKETS.equals(topic) && s.viewer.isRequester();
  }

  private static String key(LiveSocket s, String topic) {
    if (CountsTopic.TOPIC.equals(topic)) {
      return CountsTopic.key(s.viewer.userId());
    }
    return isRequesterList(s, topic) ? s.viewer.requesterKey()
        : NotificationTopic.TOPIC.equals(topic) ? NotificationTopic.recipientKey(s.viewer) : topic;
  }
}
