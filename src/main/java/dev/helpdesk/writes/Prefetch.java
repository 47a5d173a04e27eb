package dev.helpdesk.writes;

import dev.helpdesk.conversation.AttachmentInfo;
import dev.helpdesk.db.Sql;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a batch reads before it plans, fetched with one statement per kind, sent together:
 * the tickets it changes (locked in id order, so two writers never deadlock), the people
 * it names (requesters, assignees and their addresses) and the files it attaches (locked).
 * Planners keep {@link #ticket} current as they change tickets, so a second change of the
 * same ticket in one batch sees the first, as it would in the next transaction.
 */
final class Prefetch {

  /** What the changes of a batch need. */
  static final class Needs {
    int ticketIds;
    int messageIds;
    final Set<Long> lock = new LinkedHashSet<>();
    final Set<Long> contacts = new LinkedHashSet<>();
    final Set<Long> users = new LinkedHashSet<>();
    final Set<Long> files = new LinkedHashSet<>();
  }

  /** A contact or user: name and address, and for users the role and whether active. */
  record Person(long id, String name, String email, String role, boolean active) {
    boolean isActiveStaff() {
      return active && ("agent".equals(role) || "admin".equals(role));
    }
  }

  /** An unattached upload. */
  record File(AttachmentInfo info, String uploader) {}

  private static final String LOCK = "SELECT " + Ticket.COLUMNS + " FROM tickets t" + Ticket.JOINS
      + " WHERE t.id = ANY($1) ORDER BY t.id FOR UPDATE OF t";
  private static final String CONTACTS = "SELECT id, name, email FROM contacts WHERE id = ANY($1)";
  private static final String USERS = "SELECT id, name, email, role, active FROM users WHERE id = ANY($1)";
  private static final String FILES = "SELECT id, uploader, filename, content_type, size FROM attachments"
      + " WHERE id = ANY($1) AND message_id IS NULL ORDER BY id FOR UPDATE";

  private final Map<Long, Ticket> tickets = new HashMap<>();
  private final Map<Long, Person> contacts = new HashMap<>();
  private final Map<Long, Person> users = new HashMap<>();
  private final Map<Long, File> files = new HashMap<>();

  Future<Void> fetch(SqlClient tx, Needs needs) {
    List<Future<?>> all = new ArrayList<>(4);
    if (!needs.lock.isEmpty()) {
      all.add(tx.preparedQuery(LOCK).execute(Tuple.of(needs.lock.toArray(Long[]::new)))
          .onSuccess(rows -> rows.forEach(row -> {
            Ticket t = Ticket.from(row);
            tickets.put(t.id(), t);
          })));
    }
    if (!needs.contacts.isEmpty()) {
      all.add(tx.preparedQuery(CONTACTS).execute(Tuple.of(needs.contacts.toArray(Long[]::new)))
          .onSuccess(rows -> rows.forEach(row -> contacts.put(row.getLong(0),
              new Person(row.getLong(0), row.getString(1), row.getString(2), null, true)))));
    }
    if (!needs.users.isEmpty()) {
      all.add(tx.preparedQuery(USERS).execute(Tuple.of(needs.users.toArray(Long[]::new)))
          .onSuccess(rows -> rows.forEach(row -> users.put(row.getLong(0), new Person(row.getLong(0),
              row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4))))));
    }
    if (!needs.files.isEmpty()) {
      all.add(tx.preparedQuery(FILES).execute(Tuple.of(needs.files.toArray(Long[]::new)))
          .onSuccess(rows -> rows.forEach(row -> files.put(row.getLong("id"), file(row)))));
    }
    return Future.all(all).mapEmpty();
  }

  private static File file(Row row) {
    return new File(new AttachmentInfo(row.getLong("id"), row.getString("filename"), row.getString("content_type"),
        row.getLong("size")), row.getString("uploader"));
  }

  Ticket ticket(long id) {
    return tickets.get(id);
  }

  /** The ticket as the batch has changed it so far. */
  void changed(Ticket t) {
    tickets.put(t.id(), t);
  }

  Person contact(long id) {
    return contacts.get(id);
  }

  Person user(long id) {
    return users.get(id);
  }

  /** The file if it is still unattached; taken, so a second message of the batch cannot attach it too. */
  File take(long id) {
    return files.remove(id);
  }

  static <T> List<T> list(io.vertx.sqlclient.RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
    return Sql.list(rows, mapper);
  }
}
