package dev.helpdesk.live;

/** Local event bus addresses of the live feed. Every message is local to the process. */
final class LiveAddresses {

  /** {@link LiveEvent}s in id order, from the change feed to the hubs. */
  static final String EVENTS = "helpdesk.events";
  /** {@link PresenceBoard.Update}s, from the presence board to the hubs. */
  static final String PRESENCE = "helpdesk.presence";
  /** {@link PresenceBoard.Report}s, from the hubs to the presence board. */
  static final String PRESENCE_REPORTS = "helpdesk.presence.reports";
  /** {@link WallboardFeed.Update}s, from the wallboard feed to the hubs. */
  static final String WALLBOARD = "helpdesk.wallboard";
  /** A hub asks the wallboard feed for fresh counters (someone subscribed). */
  static final String WALLBOARD_WANTED = "helpdesk.wallboard.wanted";

  /** {@link CountsTopic.PersonFrame}s, from the view counts to the hubs. */
  static final String COUNTS = "helpdesk.counts";

  private LiveAddresses() {}
}
