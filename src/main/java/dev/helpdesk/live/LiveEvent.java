package dev.helpdesk.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;

/**
 * One row of the events table, ready to fan out: its frame for the ticket's own topic and,
 * for {@code ticket.*} kinds, for the {@code tickets} topic, each encoded once.
 *
 * @param requester who besides staff may see it ({@code contact:3}), null for staff only
 * @param internal  a note: never for a requester
 */
record LiveEvent(long id, String kind, Long ticketId, String requester, boolean internal,
                 Buffer ticketFrame, Buffer listFrame) {

  /** The columns {@link #from} reads; the payload as text so that it is spliced into frames without parsing. */
  static final String COLUMNS = "id, kind, ticket_id, requester, internal, payload::text AS payload";

  static LiveEvent from(Row row) {
    long id = row.getLong("id");
    String kind = row.getString("kind");
    Long ticketId = row.getLong("ticket_id");
    String payload = row.getString("payload");
    return new LiveEvent(id, kind, ticketId, row.getString("requester"), row.getBoolean("internal"),
        ticketId != null ? Frames.event(id, Topics.ticket(ticketId), kind, payload)
            : NotificationTopic.isNotification(kind) ? Frames.event(id, NotificationTopic.TOPIC, kind, payload) : null,
        Topics.inTicketList(kind) ? Frames.event(id, Topics.TICKETS, kind, payload) : null);
  }

  /** {@code ticket:TKT-017}, or null for an event about no ticket. */
  String ticketTopic() {
    return ticketId == null ? null : Topics.ticket(ticketId);
  }
}
