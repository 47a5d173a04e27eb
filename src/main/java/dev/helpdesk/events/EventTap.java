package dev.helpdesk.events;

/**
 * Reads the change log as the live feed does, once per process, in id order, each event once:
 * for work that follows every change in memory (view counts). Called on one context, the
 * live feed's; an implementation must not block it.
 */
public interface EventTap {

  EventTap NONE = new EventTap() {
    @Override
    public void start(long lastId) {}

    @Override
    public void event(long id, String kind, Long ticketId, boolean internal, String payload, String counted) {}
  };

  /** The feed starts after this event id (the newest when the process started). */
  void start(long lastId);

  /**
   * One event: its payload as clients get it and its internal {@code counted} column (how the
   * ticket's filterable fields moved, V75), either may be null.
   */
  void event(long id, String kind, Long ticketId, boolean internal, String payload, String counted);

  /** A read of new events is complete: a moment to act on what the events changed together. */
  default void drained() {}
}
