package dev.helpdesk.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code @alice} and {@code @alice@acme.test} in a note. A full address names the active staff
 * member with that email; a bare handle names the one whose email starts with {@code alice@}
 * (when two staff share that local part, only the full address names either).
 */
public final class Mentions {

  /** An @ not glued to a word (so mail addresses in the text are no mentions), then a handle or an address. */
  private static final Pattern MENTION = Pattern.compile(
      "(?<![\\p{L}\\p{N}._%+@-])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)?)");
  private static final int MAX = 20;

  /** $1 full addresses, $2 bare handles; staff only, the handle only where it is unique. */
  private static final String STAFF = "SELECT u.id FROM users u WHERE u.active AND u.role IN ('admin', 'agent')"
      + " AND (lower(u.email) = ANY($1) OR (lower(split_part(u.email, '@', 1)) = ANY($2)"
      + " AND (SELECT count(*) FROM users o WHERE o.active AND o.role IN ('admin', 'agent')"
      + " AND lower(split_part(o.email, '@', 1)) = lower(split_part(u.email, '@', 1))) = 1))";

  private Mentions() {}

  /** The handles and addresses written in a text, lower case, in order, at most {@value #MAX}. */
  public static List<String> in(String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = MENTION.matcher(text == null ? "" : text);
    while (m.find() && found.size() < MAX) {
      String name = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[.]+$", "");
      if (!name.isEmpty()) {
        found.add(name);
      }
    }
    return new ArrayList<>(found);
  }

  /** The ids of the staff a text mentions. */
  static Future<List<Long>> staff(SqlClient tx, String text) {
    List<String> names = in(text);
    if (names.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] addresses = names.stream().filter(n -> n.contains("@")).toArray(String[]::new);
    String[] handles = names.stream().filter(n -> !n.contains("@")).toArray(String[]::new);
    return tx.preparedQuery(STAFF).execute(Tuple.tuple().addArrayOfString(addresses).addArrayOfString(handles)).map(rows -> {
      List<Long> ids = new ArrayList<>();
      for (Row row : rows) {
        ids.add(row.getLong(0));
      }
      return ids;
    });
  }
}
