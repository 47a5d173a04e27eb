package dev.helpdesk.macro;

import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** The macros table: a person sees the shared macros and their own. */
final class MacroRepository {

  private static final String VISIBLE = "SELECT " + Macro.COLUMNS + " FROM macros"
      + " WHERE shared OR owner_id = $1 ORDER BY lower(title), id";
  private static final String ONE = "SELECT " + Macro.COLUMNS + " FROM macros WHERE id = $1 AND (shared OR owner_id = $2)";
  private static final String INSERT = "INSERT INTO macros (owner_id, title, message, actions, shared)"
      + " VALUES ($1, $2, $3, $4, $5) RETURNING " + Macro.COLUMNS;
  private static final String UPDATE = "UPDATE macros SET title = $2, message = $3, actions = $4, shared = $5,"
      + " updated_at = now() WHERE id = $1 RETURNING " + Macro.COLUMNS;
  private static final String DELETE = "DELETE FROM macros WHERE id = $1";

  private MacroRepository() {}

  static Future<List<Macro>> visible(SqlClient db, long userId) {
    return db.preparedQuery(VISIBLE).execute(Tuple.of(userId)).map(rows -> Sql.list(rows, Macro::from));
  }

  static Future<Optional<Macro>> find(SqlClient db, long id, long userId) {
    return db.preparedQuery(ONE).execute(Tuple.of(id, userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Macro.from(rows.iterator().next())));
  }

  static Future<Macro> insert(SqlClient db, long owner, String title, JsonObject message, JsonObject set,
                              boolean shared) {
    return db.preparedQuery(INSERT).execute(Tuple.of(owner, title, message, set, shared))
        .map(rows -> Macro.from(rows.iterator().next()));
  }

  static Future<Macro> update(SqlClient db, Macro m) {
    return db.preparedQuery(UPDATE).execute(Tuple.of(m.id(), m.title(), m.message(), m.set(), m.shared()))
        .map(rows -> Macro.from(rows.iterator().next()));
  }

  static Future<Void> delete(SqlClient db, long id) {
    return db.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }
}
