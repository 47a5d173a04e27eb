package dev.helpdesk.live;

import dev.helpdesk.notify.Notifications;

/**
 * The {@code notifications} topic: staff only, and each event only to its recipient. A
 * notification event has no ticket id; its {@code requester} column names the recipient
 * ({@code staff:5}) and it is internal, so no requester can ever match it. The hub indexes a
 * follower under {@link #followKey} so an event goes straight to its recipient's sockets.
 */
final class NotificationTopic {

  static final String TOPIC = "notifications";

  private NotificationTopic() {}

  static boolean isNotification(String kind) {
    return Notifications.EVENT.equals(kind);
  }

  /** The key a staff socket following the topic is indexed under, and events are routed by. */
  static String followKey(Viewer viewer) {
    return TOPIC + ":" + Notifications.recipientKey(viewer.userId());
  }

  static String followKeyOf(LiveEvent e) {
    return TOPIC + ":" + e.requester();
  }

  /** Whether a staff viewer may read the event: any event but another person's notification. */
  static boolean mayRead(Viewer viewer, LiveEvent e) {
    return !isNotification(e.kind()) || Notifications.recipientKey(viewer.userId()).equals(e.requester());
  }
}
