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

  /**
   * Per name ($1 the text it is written in, $2 the name): the active staff it names; a full address
   * by its email, a bare handle only where it is unique among the staff. Once per text and person.
   */
  private static final String STAFF = "SELECT DISTINCT d.i, u.id FROM unnest($1::int[], $2::text[]) AS d(i, name)"
      + " JOIN users u ON u.active AND u.role IN ('admin', 'agent') AND CASE WHEN strpos(d.name, '@') > 0"
      + " THEN lower(u.email) = d.name ELSE lower(split_part(u.email, '@', 1)) = d.name"
      + " AND (SELECT count(*) FROM users o WHERE o.active AND o.role IN ('admin', 'agent')"
      + " AND lower(split_part(o.email, '@', 1)) = d.name) = 1 END ORDER BY d.i, u.id";

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

  /**
   * The ids of the staff each text mentions, in the texts' order: one query for all of them
   * (a batch's notes), none when no text names anyone.
   */
  static Future<List<List<Long>>> staff(SqlClient tx, List<String> texts) {
    List<List<Long>> out = new ArrayList<>(texts.size());
    List<Integer> index = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(new ArrayList<>());
      for (String name : in(texts.get(i))) {
        index.add(i);
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      return Future.succeededFuture(out);
    }
    return tx.preparedQuery(STAFF).execute(Tuple.tuple().addArrayOfInteger(index.toArray(Integer[]::new))
        .addArrayOfString(names.toArray(String[]::new)))
        .map(rows -> {
          for (Row row : rows) {
            out.get(row.getInteger(0)).add(row.getLong(1));
          }
          return out;
        });
  }
}
