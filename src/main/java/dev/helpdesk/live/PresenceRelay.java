package dev.helpdesk.live;

import dev.helpdesk.ticket.Ticket;
import io.vertx.core.eventbus.EventBus;

/**
 * Presence on one hub: a staff socket's {@code presence} frames go to the
 * {@link PresenceBoard} (which shares them across instances), and the board's updates go
 * to the ticket's followers: the full list to staff, who is typing to the requester who
 * owns the ticket. Runs on the hub's event loop.
 */
final class PresenceRelay {

  static final int MAX_PRESENCE = 20;

  private final EventBus bus;
  private final String instanceId;
  private final TopicIndex index;

  PresenceRelay(EventBus bus, String instanceId, TopicIndex index) {
    this.bus = bus;
    this.instanceId = instanceId;
    this.index = index;
  }

  /** A {@code presence} frame from a socket. */
  void announce(LiveSocket s, String ticket, String state) {
    if (!s.viewer.isStaff()) {
      throw new ClientFrame.Bad("Only staff announce presence");
    }
    Long ticketId = Topics.ticketIdOfRef(ticket);
    if (ticketId == null) {
      throw new ClientFrame.Bad("\"ticket\" must be a ticket ref such as TKT-017");
    }
    String ref = Ticket.refOf(ticketId);
    if ("left".equals(state)) {
      if (s.presence.remove(ref) == null) {
        return;
      }
    } else {
      if (!s.presence.containsKey(ref) && s.presence.size() >= MAX_PRESENCE) {
        throw new ClientFrame.Bad("At most " + MAX_PRESENCE + " tickets with presence per connection");
      }
      s.presence.put(ref, state);
    }
    report(s, ref, state);
  }

  /** Every heartbeat: tells the board this socket is still there (entries expire otherwise). */
  void refresh(LiveSocket s) {
    s.presence.forEach((ref, state) -> report(s, ref, state));
  }

  /** The socket is gone: it has left every ticket. */
  void closed(LiveSocket s) {
    s.presence.keySet().forEach(ref -> report(s, ref, "left"));
  }

  /** An update from the board: to this hub's followers of the ticket. */
  void update(PresenceBoard.Update u) {
    index.followers(Topics.TICKET_PREFIX + u.ticketRef()).walk(s -> {
      if (s.viewer.isStaff()) {
        s.send(u.staffFrame());
      } else if (u.requesterChanged() && s.owned.contains(u.ticketRef())) {
        s.send(u.requesterFrame());
      }
    });
  }

  private void report(LiveSocket s, String ref, String state) {
    bus.send(LiveAddresses.PRESENCE_REPORTS, new PresenceBoard.Report(
        instanceId + "/" + s.id, ref, s.viewer.userId(), s.viewer.name(), state));
  }
}
