package dev.helpdesk.inbound;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL of the mail-in pipeline: the table of taken mails, lookups for threading, and contacts for senders. */
final class InboundStore {

  // the unique key makes a second taker of the same mail wait for the first one's commit, then take nothing
  private static final String CLAIM = "INSERT INTO inbound_mails (mail_key, from_address, subject, outcome,"
      + " to_addresses, cc_addresses, source) VALUES ($1, $2, $3, 'ignored', $4, $5, $6)"
      + " ON CONFLICT (mail_key) DO NOTHING RETURNING id";
  // held by the transaction that takes a mail from the mailbox, from its claim to its commit (a
  // hash collision only leaves a mail for the next round)
  private static final String TRY_CLAIM_LOCK = "SELECT pg_try_advisory_xact_lock(7263543, hashtext($1))";
  private static final String FINISH = "UPDATE inbound_mails SET outcome = $2, reason = $3, ticket_id = $4,"
      + " message_id = $5 WHERE id = $1";
  private static final String SET_ASIDE = "INSERT INTO inbound_mails (mail_key, from_address, subject, outcome,"
      + " reason, source) VALUES ($1, $2, $3, 'rejected', $4, $5) ON CONFLICT (mail_key) DO NOTHING RETURNING id";
  private static final String TAKE_REJECTED = "DELETE FROM inbound_mails WHERE id = $1 AND outcome = 'rejected'"
      + " RETURNING id";
  private static final String REJECTED_SOURCE = "SELECT source FROM inbound_mails WHERE id = $1 AND outcome = 'rejected'";
  private static final String REJECTED = "SELECT id, received_at, from_address, subject, reason FROM inbound_mails"
      + " WHERE outcome = 'rejected' ORDER BY received_at DESC, id DESC LIMIT $1";
  private static final String RECENT_FROM = "SELECT count(*) FROM inbound_mails WHERE lower(from_address) = $1"
      + " AND received_at > now() - interval '10 minutes'";
  private static final String TICKET_OF_OUTBOX = "SELECT id, ticket_id FROM outbox WHERE id = ANY($1) AND ticket_id IS NOT NULL";
  private static final String TICKET_OF_INBOUND = "SELECT mail_key, ticket_id FROM inbound_mails"
      + " WHERE mail_key = ANY($1) AND ticket_id IS NOT NULL";
  private static final String TAKEN = "SELECT mail_key FROM inbound_mails WHERE mail_key = ANY($1)";
  private static final String STAFF = "SELECT id, name, email, role FROM users WHERE lower(email) = $1 AND active"
      + " AND role IN ('admin', 'agent')";
  private static final String ADD_CONTACT = "INSERT INTO contacts (email, name) VALUES ($1, $2)"
      + " ON CONFLICT ((lower(email))) DO NOTHING";
  private static final String CONTACT = "SELECT id, name, email FROM contacts WHERE lower(email) = $1";
  private static final String SOURCE_OF_MESSAGE = "SELECT source FROM inbound_mails WHERE message_id = $1"
      + " ORDER BY id LIMIT 1";
  private static final String SOURCE_OF_TICKET = "SELECT source FROM inbound_mails WHERE ticket_id = $1"
      + " AND outcome = 'created' ORDER BY id LIMIT 1";
  private static final String MAIL_OF_MESSAGES = "SELECT message_id, from_address, to_addresses, cc_addresses"
      + " FROM inbound_mails WHERE message_id = ANY($1)";

  /** A person: a staff user or a contact. */
  record Person(long id, String name, String email, String role) {}

  private InboundStore() {}


  static Future<Optional<Long>> claim(SqlClient tx, ParsedMail m, byte[] raw) {
    return tx.preparedQuery(CLAIM).execute(Tuple.of(m.key(), m.from().email(), MailParser.clip(m.subject(), 1000),
            join(m.to()), join(m.cc()), Buffer.buffer(raw)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong(0)));
  }

  /** False when another transaction is taking a mail with this key right now (see {@link #claim}). */
  static Future<Boolean> tryClaimLock(SqlClient tx, String key) {
    return tx.preparedQuery(TRY_CLAIM_LOCK).execute(Tuple.of(key)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  static Future<Void> finish(SqlClient tx, long id, String outcome, String reason, Long ticketId, Long messageId) {
    return tx.preparedQuery(FINISH).execute(Tuple.of(id, outcome, reason, ticketId, messageId)).mapEmpty();
  }

  /**
   * Finishes the row with the ticket or message the mail became, as a statement of the write
   * path's transaction, sent after the rows it names (which are not written yet).
   */
  static void finishLater(dev.helpdesk.writes.WriteTx w, long id, String outcome, Long ticketId, Long messageId) {
    w.changes().extra(FINISH, Tuple.of(id, outcome, null, ticketId, messageId));
  }

  static Future<Boolean> setAside(SqlClient client, String key, String from, String subject, String reason, byte[] raw) {
    return client.preparedQuery(SET_ASIDE).execute(Tuple.of(key, from, subject == null ? null
            : MailParser.clip(subject, 1000), MailParser.clip(reason, 2000), Buffer.buffer(raw)))
        .map(rows -> rows.size() > 0);
  }

  static Future<Boolean> takeRejected(SqlClient tx, long id) {
    return tx.preparedQuery(TAKE_REJECTED).execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  static Future<Optional<byte[]>> rejectedSource(SqlClient client, long id) {
    return client.preparedQuery(REJECTED_SOURCE).execute(Tuple.of(id)).map(rows -> rows.size() == 0
        ? Optional.empty() : Optional.of(rows.iterator().next().getBuffer(0).getBytes()));
  }

  static Future<JsonArray> rejected(SqlClient client, int limit) {
    return client.preparedQuery(REJECTED).execute(Tuple.of(limit)).map(rows -> {
      JsonArray list = new JsonArray();
      for (Row row : rows) {
        list.add(new JsonObject().put("id", row.getLong("id"))
            .put("receivedAt", row.getOffsetDateTime("received_at").toInstant().toString())
            .put("from", row.getString("from_address")).put("subject", row.getString("subject"))
            .put("reason", row.getString("reason")));
      }
      return list;
    });
  }

  static Future<Long> recentFrom(SqlClient tx, String email) {
    return tx.preparedQuery(RECENT_FROM).execute(Tuple.of(email)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** The ticket of the first reference that is a mail we sent or took, in the order the mail names them. */
  static Future<Optional<Long>> ticketOfReferences(SqlClient tx, List<String> refs, String ourDomain) {
    if (refs.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    Long[] outboxIds = refs.stream().map(r -> OwnMail.outboxId(r, ourDomain)).filter(java.util.Objects::nonNull)
        .toArray(Long[]::new);
    return tx.preparedQuery(TICKET_OF_OUTBOX).execute(Tuple.of((Object) outboxIds))
        .compose(out -> tx.preparedQuery(TICKET_OF_INBOUND).execute(Tuple.of((Object) refs.toArray(String[]::new)))
            .map(in -> {
              Map<String, Long> byRef = new HashMap<>();
              for (Row row : in) {
                byRef.put(row.getString("mail_key"), row.getLong("ticket_id"));
              }
              Map<Long, Long> byOutbox = new HashMap<>();
              for (Row row : out) {
                byOutbox.put(row.getLong("id"), row.getLong("ticket_id"));
              }
              for (String ref : refs) {
                Long outbox = OwnMail.outboxId(ref, ourDomain);
                Long ticket = outbox != null ? byOutbox.get(outbox) : byRef.get(ref);
                if (ticket != null) {
                  return Optional.of(ticket);
                }
              }
              return Optional.empty();
            }));
  }

  /** Of these keys, those of mails taken already (committed). */
  static Future<List<String>> taken(SqlClient client, List<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client.preparedQuery(TAKEN).execute(Tuple.of((Object) keys.toArray(String[]::new)))
        .map(rows -> {
          List<String> found = new java.util.ArrayList<>();
          for (Row row : rows) {
            found.add(row.getString(0));
          }
          return found;
        });
  }

  static Future<Optional<Person>> staff(SqlClient tx, String email) {
    return tx.preparedQuery(STAFF).execute(Tuple.of(email)).map(rows -> rows.size() == 0 ? Optional.empty()
        : Optional.of(person(rows.iterator().next(), rows.iterator().next().getString("role"))));
  }

  /** The contact with this address, created from the mail's name and address when there is none. */
  static Future<Person> contact(SqlClient tx, ParsedMail.Address a) {
    String name = MailParser.clip(a.nameOrEmail().replaceAll("[\\r\\n]+", " "), 200);
    return tx.preparedQuery(ADD_CONTACT).execute(Tuple.of(a.email(), name))
        .compose(v -> tx.preparedQuery(CONTACT).execute(Tuple.of(a.email())))
        .map(rows -> person(rows.iterator().next(), "requester"));
  }

  static Future<Optional<Buffer>> sourceOfMessage(SqlClient client, long messageId) {
    return client.preparedQuery(SOURCE_OF_MESSAGE).execute(Tuple.of(messageId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBuffer(0)));
  }

  static Future<Optional<Buffer>> sourceOfTicket(SqlClient client, long ticketId) {
    return client.preparedQuery(SOURCE_OF_TICKET).execute(Tuple.of(ticketId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getBuffer(0)));
  }

  /** From, To and Cc of the mails some messages came from, by message id. */
  static Future<Map<Long, JsonObject>> mailOfMessages(SqlClient client, List<Long> ids) {
    return client.preparedQuery(MAIL_OF_MESSAGES).execute(Tuple.of((Object) ids.toArray(Long[]::new))).map(rows -> {
      Map<Long, JsonObject> map = new HashMap<>();
      for (Row row : rows) {
        map.put(row.getLong("message_id"), new JsonObject().put("from", row.getString("from_address"))
            .put("to", row.getString("to_addresses")).put("cc", row.getString("cc_addresses")));
      }
      return map;
    });
  }

  static dev.helpdesk.auth.Caller contactCaller(Person p) {
    return new dev.helpdesk.auth.Caller(p.id(), dev.helpdesk.auth.Caller.Kind.CONTACT, dev.helpdesk.auth.Role.REQUESTER,
        p.name(), p.email());
  }

  private static Person person(Row row, String role) {
    return new Person(row.getLong("id"), row.getString("name"), row.getString("email"), role);
  }

  private static String join(List<ParsedMail.Address> list) {
    return String.join(", ", list.stream().map(ParsedMail.Address::email).toList());
  }
}
