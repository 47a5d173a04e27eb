package dev.helpdesk.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;

/**
 * One row of the events table, ready to fan out: its frame for the ticket's own topic and,
 * for {@code ticket.*} kinds, for the {@code tickets} topic, each encoded once and written
 * as the same bytes to every socket of that audience.
 *
 * @param ticketTopic the event's own topic: {@code ticket:TKT-017}, {@code notifications} for a notification
 *                    (to its recipient only), or null
 * @param requester   who besides staff may see it ({@code contact:3}), null for staff only
 * @param internal    a note: never for a requester
 * @param fanout      times the fan-out of a live event (null for a replayed one)
 */
record LiveEvent(long id, String kind, Long ticketId, String ticketTopic, String requester, boolean internal,
                 Buffer ticketFrame, Buffer listFrame, FanoutClock fanout) {

  /** The columns {@link #from} reads; the payload as text so that it is spliced into frames without parsing. */
  static final String COLUMNS = "id, kind, ticket_id, requester, internal, payload::text AS payload";

  /** A replayed event (nothing to time). */
  static LiveEvent from(Row row) {
    return from(row, null);
  }

  static LiveEvent from(Row row, FanoutClock fanout) {
    long id = row.getLong("id");
    String kind = row.getString("kind");
    Long ticketId = row.getLong("ticket_id");
    String payload = row.getString("payload");
    String topic = ticketId != null ? Topics.ticket(ticketId)
        : NotificationTopic.isNotification(kind) ? NotificationTopic.TOPIC : null;
    return new LiveEvent(id, kind, ticketId, topic, row.getString("requester"), row.getBoolean("internal"),
        topic == null ? null : Frames.event(id, topic, kind, payload),
        Topics.inTicketList(kind) ? Frames.event(id, Topics.TICKETS, kind, payload) : null, fanout);
  }

  /** The ref of the event's ticket ({@code TKT-017}), or null. */
  String ticketRef() {
    return ticketId == null ? null : ticketTopic.substring(Topics.TICKET_PREFIX.length());
  }
}
