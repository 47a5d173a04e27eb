package dev.helpdesk.view;

import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** The saved_views table: a person sees the shared views and their own. */
public final class ViewRepository {

  private static final String VISIBLE = "SELECT " + SavedView.COLUMNS + " FROM saved_views"
      + " WHERE shared OR owner_id = $1 ORDER BY position, id";
  private static final String ONE = "SELECT " + SavedView.COLUMNS + " FROM saved_views"
      + " WHERE id = $1 AND (shared OR owner_id = $2)";
  private static final String INSERT = "INSERT INTO saved_views (owner_id, name, query, sort, shared, position)"
      + " VALUES ($1, $2, $3, $4, $5, coalesce((SELECT max(position) + 1 FROM saved_views WHERE owner_id = $1), 0))"
      + " RETURNING " + SavedView.COLUMNS;
  private static final String UPDATE = "UPDATE saved_views SET name = $2, query = $3, sort = $4, shared = $5,"
      + " position = $6 WHERE id = $1 RETURNING " + SavedView.COLUMNS;
  private static final String DELETE = "DELETE FROM saved_views WHERE id = $1";
  /** At most this many views per person, so that the sidebar's counts stay bounded. */
  static final int MAX_PER_PERSON = 50;
  private static final String OWNED = "SELECT count(*) FROM saved_views WHERE owner_id = $1";

  private ViewRepository() {}

  static Future<List<SavedView>> visible(SqlClient db, long userId) {
    return db.preparedQuery(VISIBLE).execute(Tuple.of(userId)).map(rows -> Sql.list(rows, SavedView::from));
  }

  /** The view if the person may use it. */
  public static Future<Optional<SavedView>> find(SqlClient db, long id, long userId) {
    return db.preparedQuery(ONE).execute(Tuple.of(id, userId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(SavedView.from(rows.iterator().next())));
  }

  static Future<Long> owned(SqlClient db, long userId) {
    return db.preparedQuery(OWNED).execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getLong(0));
  }

  static Future<SavedView> insert(SqlClient db, long owner, String name, String query, String sort, boolean shared) {
    return db.preparedQuery(INSERT).execute(Tuple.of(owner, name, query, sort, shared))
        .map(rows -> SavedView.from(rows.iterator().next()));
  }

  static Future<SavedView> update(SqlClient db, SavedView v) {
    return db.preparedQuery(UPDATE).execute(Tuple.of(v.id(), v.name(), v.query(), v.sort(), v.shared(), v.position()))
        .map(rows -> SavedView.from(rows.iterator().next()));
  }

  static Future<Void> delete(SqlClient db, long id) {
    return db.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }
}
