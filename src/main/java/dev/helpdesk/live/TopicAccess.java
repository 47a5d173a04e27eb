package dev.helpdesk.live;

import io.vertx.core.Future;

/**
 * Who may follow which topic: the one place a topic's rule lives. A new topic (such as a
 * per-person {@code notifications}) adds its rule here, and {@link Topics#canonical} learns its name.
 * Per-event rules (who may read an event of a followed topic) are {@link Viewer#mayRead}.
 */
interface TopicAccess {

  /** Why this viewer may not follow the (canonical) topic, or null if it may. Decided at once, without I/O. */
  String refusal(Viewer viewer, String topic);

  /**
   * For rules that need the database: confirmed right after the subscription (events are held meanwhile only
   * by the resume window); false ends the subscription with an error frame. Most topics answer true at once.
   */
  Future<Boolean> confirm(Viewer viewer, String topic);

  /**
   * The help desk's rules: staff follow anything (their own {@code notifications} included); a requester their
   * own tickets and the list; a wallboard its board.
   */
  static TopicAccess desk(TicketOwners owners) {
    return new TopicAccess() {
      @Override
      public String refusal(Viewer viewer, String topic) {
        if (NotificationTopic.TOPIC.equals(topic) && !viewer.isStaff()) {
          return "Only staff receive notifications";
        }
        if (CountsTopic.TOPIC.equals(topic) && !viewer.isStaff()) {
          return "Only staff follow view counts";
        }
        return viewer.refusal(topic);
      }

      @Override
      public Future<Boolean> confirm(Viewer viewer, String topic) {
        Long ticketId = Topics.ticketIdOf(topic);
        if (ticketId == null || !viewer.isRequester()) {
          return Future.succeededFuture(true);
        }
        return owners.requesterOf(ticketId).map(key -> viewer.requesterKey().equals(key));
      }
    };
  }
}
