package dev.helpdesk.writes;

import dev.helpdesk.conversation.Message;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.mail.Mail;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@link ChangeSet} is written: one set-based statement per table ({@code unnest}
 * of one array per column), all sent at once so they travel pipelined in one round trip,
 * whatever the number of changes. Every id is known beforehand (taken from the sequences
 * by {@link IdPool}), so nothing waits for a RETURNING. Events are queued in the order
 * they were planned; the V8 trigger numbers them at commit.
 */
final class RowWriter {

  private static final String INSERT_TICKETS = "INSERT INTO tickets (id, subject, description, priority, category,"
      + " channel, requester_contact_id, requester_user_id, assignee_id, tags, due_at, follow_up_of_id, created_at,"
      + " updated_at, sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at, created_by)"
      + " SELECT u.id, u.subject, u.description, u.priority, u.category, u.channel, u.rc, u.ru, u.assignee,"
      + " u.tags::text[], u.due, u.follow_up, u.created, u.created, u.first_due, u.resolution_due, u.warn, u.breach,"
      + " u.created_by"
      + " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],"
      + " $8::bigint[], $9::bigint[], $10::text[], $11::timestamptz[], $12::bigint[], $13::timestamptz[],"
      + " $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::bigint[])"
      + " AS u(id, subject, description, priority, category, channel, rc, ru, assignee, tags, due, follow_up, created,"
      + " first_due, resolution_due, warn, breach, created_by) ORDER BY u.id";
  private static final String UPDATE_TICKETS = "UPDATE tickets t SET subject = u.subject,"
      + " description = u.description, status = u.status, priority = u.priority, category = u.category,"
      + " channel = u.channel, requester_contact_id = u.rc, requester_user_id = u.ru, assignee_id = u.assignee,"
      + " tags = u.tags::text[], due_at = u.due, paused_seconds = u.paused, paused_since = u.paused_since,"
      + " resolved_at = u.resolved, first_responded_at = u.first_response, sla_first_due_at = u.first_due,"
      + " sla_resolution_due_at = u.resolution_due, sla_warn_at = u.warn, sla_breach_at = u.breach,"
      + " version = u.version, merged_into_id = u.merged_into, updated_at = u.updated,"
      + " search_words = search_words_add(t.search_words, search_words(u.words)),"
      // clocks back to ok re-arm the watcher; approaching after breached re-arms the breach
      + " sla_notified = CASE WHEN u.state IS NULL THEN NULL"
      + " WHEN u.state = 'approaching' AND t.sla_notified = 'breached' THEN 'approaching' ELSE t.sla_notified END"
      + " FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
      + " $8::bigint[], $9::bigint[], $10::bigint[], $11::text[], $12::timestamptz[], $13::bigint[],"
      + " $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::timestamptz[],"
      + " $19::timestamptz[], $20::timestamptz[], $21::int[], $22::bigint[], $23::text[], $24::timestamptz[], $25::text[])"
      + " AS u(id, subject, description, status, priority, category, channel, rc, ru, assignee, tags, due, paused,"
      + " paused_since, resolved, first_response, first_due, resolution_due, warn, breach, version, merged_into,"
      + " state, updated, words) WHERE t.id = u.id";
  /** New words for tickets that got a message but are not updated otherwise (migration V70). */
  private static final String ADD_WORDS = "UPDATE tickets t SET search_words = search_words_add(t.search_words,"
      + " search_words(u.words)) FROM unnest($1::bigint[], $2::text[]) AS u(id, words) WHERE t.id = u.id";
  private static final String SLA_NOTIFIED = "UPDATE tickets t SET sla_notified = u.state"
      + " FROM unnest($1::bigint[], $2::text[]) AS u(id, state) WHERE t.id = u.id";
  private static final String INSERT_MESSAGES = "INSERT INTO messages (id, ticket_id, type, author_user_id,"
      + " author_contact_id, body, created_at, merged_from, via)"
      + " SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[],"
      + " $7::timestamptz[], $8::text[], $9::text[])";
  private static final String ATTACH = "UPDATE attachments a SET message_id = u.message_id"
      + " FROM unnest($1::bigint[], $2::bigint[]) AS u(id, message_id) WHERE a.id = u.id";
  private static final String INSERT_HISTORY = "INSERT INTO ticket_changes (ticket_id, actor_id, actor_name, field,"
      + " old_value, new_value) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[],"
      + " $6::text[])";
  /** Queued in the order given; the events get their ids in that order at commit (migration V8). */
  private static final String QUEUE_EVENTS = "INSERT INTO event_queue (kind, ticket_id, requester, internal, payload,"
      + " counted) SELECT e.kind, e.ticket_id, e.requester, e.internal, e.payload::jsonb, e.counted::jsonb"
      + " FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bool[], $5::text[], $6::text[]) WITH ORDINALITY"
      + " AS e(kind, ticket_id, requester, internal, payload, counted, n) ORDER BY e.n";
  // copies travel as one text per mail (an array of arrays would not unnest row by row)
  private static final String QUEUE_MAILS = "INSERT INTO outbox (to_address, subject, text_body, html_body, ticket_id,"
      + " automatic, cc_addresses) SELECT to_address, subject, text_body, html_body, ticket_id, automatic,"
      + " coalesce(string_to_array(nullif(cc, ''), E'\\n'), '{}')"
      + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bool[], $7::text[])"
      + " AS m(to_address, subject, text_body, html_body, ticket_id, automatic, cc)";

  private RowWriter() {}

  /**
   * Writes everything in {@code c}; the statements go out together and are answered together.
   * Messages go in before the tickets are updated: a ticket's new words ride on its update, and
   * an edited subject makes its words again from a thread that already holds them (V70).
   */
  static Future<Void> write(SqlClient tx, ChangeSet c) {
    List<Future<?>> all = new ArrayList<>(9);
    if (!c.inserted.isEmpty()) {
      all.add(tx.preparedQuery(INSERT_TICKETS).execute(insertParams(c.inserted)));
    }
    if (!c.messages.isEmpty()) {
      all.add(tx.preparedQuery(INSERT_MESSAGES).execute(messageParams(c.messages)));
    }
    Map<Long, String> words = newWords(c.messages);
    if (!c.saved.isEmpty()) {
      all.add(tx.preparedQuery(UPDATE_TICKETS).execute(updateParams(c.saved, words)));
    }
    if (!words.isEmpty()) {
      all.add(tx.preparedQuery(ADD_WORDS).execute(Tuple.tuple(List.of(words.keySet().toArray(Long[]::new),
          words.values().toArray(String[]::new)))));
    }
    if (!c.slaMarks.isEmpty()) {
      all.add(tx.preparedQuery(SLA_NOTIFIED).execute(Tuple.tuple(List.of(
          c.slaMarks.stream().map(ChangeSet.SlaMark::ticketId).toArray(Long[]::new),
          c.slaMarks.stream().map(ChangeSet.SlaMark::state).toArray(String[]::new)))));
    }
    if (!c.attachments.isEmpty()) {
      all.add(tx.preparedQuery(ATTACH).execute(Tuple.tuple(List.of(
          c.attachments.stream().map(ChangeSet.Attach::fileId).toArray(Long[]::new),
          c.attachments.stream().map(ChangeSet.Attach::messageId).toArray(Long[]::new)))));
    }
    if (!c.history.isEmpty()) {
      all.add(tx.preparedQuery(INSERT_HISTORY).execute(historyParams(c.history)));
    }
    List<ChangeSet.EventRow> events = c.eventsInOrder();
    if (!events.isEmpty()) {
      all.add(tx.preparedQuery(QUEUE_EVENTS).execute(eventParams(events)));
    }
    if (!c.mails.isEmpty()) {
      all.add(tx.preparedQuery(QUEUE_MAILS).execute(mailParams(c.mails)));
    }
    for (ChangeSet.Extra extra : c.extras) {
      all.add(tx.preparedQuery(extra.sql()).execute(extra.params()));
    }
    return Future.all(all).mapEmpty();
  }

  private static Tuple insertParams(List<Ticket> rows) {
    int n = rows.size();
    Object[][] cols = new Object[18][];
    cols[0] = new Long[n];
    for (int i : new int[] {1, 2, 3, 4, 5, 9}) {
      cols[i] = new String[n];
    }
    for (int i : new int[] {6, 7, 8, 11, 17}) {
      cols[i] = new Long[n];
    }
    for (int i : new int[] {10, 12, 13, 14, 15, 16}) {
      cols[i] = new OffsetDateTime[n];
    }
    for (int r = 0; r < n; r++) {
      Ticket t = rows.get(r);
      boolean contact = "contact".equals(t.requester().type());
      cols[0][r] = t.id();
      cols[1][r] = t.subject();
      cols[2][r] = t.description();
      cols[3][r] = t.priority().wire();
      cols[4][r] = t.category().wire();
      cols[5][r] = t.channel().wire();
      cols[6][r] = contact ? t.requester().id() : null;
      cols[7][r] = contact ? null : t.requester().id();
      cols[8][r] = t.assigneeId();
      cols[9][r] = arrayLiteral(t.tags());
      cols[10][r] = time(t.dueAt());
      cols[11][r] = t.followUpOfId();
      cols[12][r] = time(t.createdAt());
      cols[13][r] = time(t.slaMarks().firstDueAt());
      cols[14][r] = time(t.slaMarks().resolutionDueAt());
      cols[15][r] = time(t.slaMarks().warnAt());
      cols[16][r] = time(t.slaMarks().breachAt());
      cols[17][r] = t.createdById();
    }
    return Tuple.tuple(List.of((Object[]) cols));
  }

  /** The text of the replies and notes of this change, by ticket (system lines are never searched). */
  private static Map<Long, String> newWords(List<Message> messages) {
    Map<Long, String> words = new LinkedHashMap<>();
    for (Message m : messages) {
      if (m.type() != MessageType.SYSTEM) {
        words.merge(m.ticketId(), m.body(), (a, b) -> a + "\n" + b);
      }
    }
    return words;
  }

  /**
   * A ticket written twice in one transaction is written once, as it ends. The tickets
   * updated take their new words along and leave {@code words} with the others.
   */
  private static Tuple updateParams(List<ChangeSet.Saved> saved, Map<Long, String> words) {
    Map<Long, ChangeSet.Saved> last = new LinkedHashMap<>();
    saved.forEach(s -> last.put(s.ticket().id(), s));
    List<ChangeSet.Saved> rows = new ArrayList<>(last.values());
    int n = rows.size();
    Object[][] cols = new Object[25][];
    for (int i : new int[] {0, 7, 8, 9, 12, 21}) {
      cols[i] = new Long[n];
    }
    for (int i : new int[] {1, 2, 3, 4, 5, 6, 10, 22, 24}) {
      cols[i] = new String[n];
    }
    for (int i : new int[] {11, 13, 14, 15, 16, 17, 18, 19, 23}) {
      cols[i] = new OffsetDateTime[n];
    }
    cols[20] = new Integer[n];
    for (int r = 0; r < n; r++) {
      Ticket t = rows.get(r).ticket();
      boolean contact = "contact".equals(t.requester().type());
      cols[0][r] = t.id();
      cols[1][r] = t.subject();
      cols[2][r] = t.description();
      cols[3][r] = t.status().wire();
      cols[4][r] = t.priority().wire();
      cols[5][r] = t.category().wire();
      cols[6][r] = t.channel().wire();
      cols[7][r] = contact ? t.requester().id() : null;
      cols[8][r] = contact ? null : t.requester().id();
      cols[9][r] = t.assigneeId();
      cols[10][r] = arrayLiteral(t.tags());
      cols[11][r] = time(t.dueAt());
      cols[12][r] = t.pausedSeconds();
      cols[13][r] = time(t.pausedSince());
      cols[14][r] = time(t.resolvedAt());
      cols[15][r] = time(t.firstRespondedAt());
      cols[16][r] = time(t.slaMarks().firstDueAt());
      cols[17][r] = time(t.slaMarks().resolutionDueAt());
      cols[18][r] = time(t.slaMarks().warnAt());
      cols[19][r] = time(t.slaMarks().breachAt());
      cols[20][r] = t.version();
      cols[21][r] = t.mergedIntoId();
      cols[22][r] = rows.get(r).slaState();
      cols[23][r] = time(t.updatedAt());
      cols[24][r] = words.remove(t.id());
    }
    return Tuple.tuple(List.of((Object[]) cols));
  }

  private static Tuple messageParams(List<Message> rows) {
    int n = rows.size();
    Long[] ids = new Long[n];
    Long[] tickets = new Long[n];
    String[] types = new String[n];
    Long[] users = new Long[n];
    Long[] contacts = new Long[n];
    String[] bodies = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] mergedFrom = new String[n];
    String[] via = new String[n];
    for (int r = 0; r < n; r++) {
      Message m = rows.get(r);
      ids[r] = m.id();
      tickets[r] = m.ticketId();
      types[r] = m.type().wire();
      users[r] = m.author() != null && "user".equals(m.author().type()) ? m.author().id() : null;
      contacts[r] = m.author() != null && "contact".equals(m.author().type()) ? m.author().id() : null;
      bodies[r] = m.body();
      times[r] = time(m.createdAt());
      mergedFrom[r] = m.mergedFrom();
      via[r] = m.via(); // null: the V30 trigger derives it from the author
    }
    return Tuple.tuple(List.of(ids, tickets, types, users, contacts, bodies, times, mergedFrom, via));
  }

  private static Tuple historyParams(List<ChangeSet.HistoryRow> rows) {
    return Tuple.tuple(List.of(
        rows.stream().map(ChangeSet.HistoryRow::ticketId).toArray(Long[]::new),
        rows.stream().map(ChangeSet.HistoryRow::actorId).toArray(Long[]::new),
        rows.stream().map(ChangeSet.HistoryRow::actorName).toArray(String[]::new),
        rows.stream().map(ChangeSet.HistoryRow::field).toArray(String[]::new),
        rows.stream().map(ChangeSet.HistoryRow::from).toArray(String[]::new),
        rows.stream().map(ChangeSet.HistoryRow::to).toArray(String[]::new)));
  }

  private static Tuple eventParams(List<ChangeSet.EventRow> rows) {
    int n = rows.size();
    String[] kinds = new String[n];
    Long[] tickets = new Long[n];
    String[] requesters = new String[n];
    Boolean[] internal = new Boolean[n];
    String[] payloads = new String[n];
    String[] counted = new String[n];
    for (int r = 0; r < n; r++) {
      ChangeSet.EventRow e = rows.get(r);
      kinds[r] = e.kind();
      tickets[r] = e.ticketId();
      requesters[r] = e.requester();
      internal[r] = e.internal();
      payloads[r] = e.payload();
      counted[r] = e.counted();
    }
    return Tuple.tuple(List.of(kinds, tickets, requesters, internal, payloads, counted));
  }

  private static Tuple mailParams(List<Mail> rows) {
    return Tuple.tuple(List.of(
        rows.stream().map(Mail::to).toArray(String[]::new),
        rows.stream().map(Mail::subject).toArray(String[]::new),
        rows.stream().map(Mail::text).toArray(String[]::new),
        rows.stream().map(Mail::html).toArray(String[]::new),
        rows.stream().map(Mail::ticketId).toArray(Long[]::new),
        rows.stream().map(Mail::automatic).toArray(Boolean[]::new),
        rows.stream().map(m -> String.join("\n", m.cc())).toArray(String[]::new)));
  }

  /** A text[] literal for one row's tags: every element quoted, so commas, braces and quotes stay inside it. */
  static String arrayLiteral(List<String> values) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"');
      String v = values.get(i);
      for (int j = 0; j < v.length(); j++) {
        char ch = v.charAt(j);
        if (ch == '"' || ch == '\\') {
          sb.append('\\');
        }
        sb.append(ch);
      }
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
