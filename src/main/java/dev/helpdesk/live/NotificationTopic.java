package dev.helpdesk.live;

import dev.helpdesk.notify.Notifications;

/**
 * The {@code notifications} topic: staff only ({@link TopicAccess}), and each event only to its
 * recipient. A notification event has no ticket id; its {@code requester} column names the
 * recipient ({@code staff:5}) and it is internal, so no requester can ever match it.
 * {@link TopicIndex} keeps a follower under its recipient key, so {@link EventDispatch} sends
 * an event straight to its recipient's sockets; {@link Replay} reads only the viewer's own.
 */
final class NotificationTopic {

  static final String TOPIC = "notifications";

  private NotificationTopic() {}

  static boolean isNotification(String kind) {
    return Notifications.EVENT.equals(kind);
  }

  /** The key a staff socket following the topic is indexed under, and events are routed by. */
  static String recipientKey(Viewer viewer) {
    return Notifications.recipientKey(viewer.userId());
  }

  /** Whether a staff viewer may read the event: any event but another person's notification. */
  static boolean mayRead(Viewer viewer, LiveEvent e) {
    return !isNotification(e.kind()) || Notifications.recipientKey(viewer.userId()).equals(e.requester());
  }
}
