package dev.helpdesk.inbound;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A ticket's CCs: copied on public replies, allowed to answer by mail, never given portal access. */
public final class Ccs {

  /** At most this many CCs on one ticket. */
  public static final int MAX = 20;

  private static final String LIST = "SELECT email, name FROM ticket_ccs WHERE ticket_id = $1 ORDER BY position";
  private static final String CLEAR = "DELETE FROM ticket_ccs WHERE ticket_id = $1";
  private static final String INSERT = "INSERT INTO ticket_ccs (ticket_id, position, email, name)"
      + " SELECT $1, n, e, nm FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS x(e, nm, n)";
  private static final String IS_CC = "SELECT 1 FROM ticket_ccs WHERE ticket_id = $1 AND lower(email) = $2";

  /** One CC. */
  public record Cc(String email, String name) {
    public JsonObject toJson() {
      return new JsonObject().put("email", email).put("name", name);
    }
  }

  private Ccs() {}

  public static Future<List<Cc>> list(SqlClient client, long ticketId) {
    return client.preparedQuery(LIST).execute(Tuple.of(ticketId)).map(rows -> {
      List<Cc> list = new ArrayList<>();
      for (Row row : rows) {
        list.add(new Cc(row.getString("email"), row.getString("name")));
      }
      return list;
    });
  }

  public static Future<JsonArray> json(SqlClient client, long ticketId) {
    return list(client, ticketId).map(list -> new JsonArray(list.stream().map(Cc::toJson).toList()));
  }

  /** Replaces the list, dropping repeats of an address (compared in lower case). */
  public static Future<Void> replace(SqlClient tx, long ticketId, List<Cc> ccs) {
    Tuple rows = rows(ticketId, ccs);
    return tx.preparedQuery(CLEAR).execute(Tuple.of(ticketId))
        .compose(v -> rows == null ? Future.succeededFuture() : tx.preparedQuery(INSERT).execute(rows))
        .mapEmpty();
  }

  /** The first list of a ticket the write path is creating: sent with its rows, after the ticket's. */
  static void insertLater(dev.helpdesk.writes.ChangeSet changes, long ticketId, List<Cc> ccs) {
    Tuple rows = rows(ticketId, ccs);
    if (rows != null) {
      changes.extra(INSERT, rows);
    }
  }

  /** The INSERT's parameters, repeats dropped and at most {@link #MAX}; null for none. */
  private static Tuple rows(long ticketId, List<Cc> ccs) {
    List<String> emails = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Cc cc : ccs) {
      String email = cc.email().toLowerCase(Locale.ROOT);
      if (!emails.contains(email) && emails.size() < MAX) {
        emails.add(email);
        names.add(cc.name() == null ? "" : cc.name());
      }
    }
    return emails.isEmpty() ? null
        : Tuple.of(ticketId, emails.toArray(String[]::new), names.toArray(String[]::new));
  }

  public static Future<Boolean> isCc(SqlClient client, long ticketId, String email) {
    return client.preparedQuery(IS_CC).execute(Tuple.of(ticketId, email.toLowerCase(Locale.ROOT)))
        .map(rows -> rows.size() > 0);
  }
}
