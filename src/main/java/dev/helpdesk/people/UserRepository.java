package dev.helpdesk.people;

import dev.helpdesk.auth.Role;
import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** SQL for users. */
public final class UserRepository {

  private static final String BY_EMAIL = "SELECT " + User.COLUMNS + " FROM users WHERE lower(email) = lower($1)";
  private static final String BY_ID = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1";
  private static final String SEARCH = "SELECT " + User.COLUMNS + " FROM users"
      + " WHERE ($1::text IS NULL OR role = $1)"
      + " AND ($2::text IS NULL OR lower(name) LIKE $2 ESCAPE '\\' OR lower(email) LIKE $2 ESCAPE '\\')"
      + " ORDER BY name, id LIMIT $3";
  private static final String INSERT = "INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)"
      + " RETURNING " + User.COLUMNS;
  private static final String UPDATE = "UPDATE users SET email = coalesce($2, email), name = coalesce($3, name),"
      + " role = coalesce($4, role), password_hash = coalesce($5, password_hash), active = coalesce($6, active)"
      + " WHERE id = $1 RETURNING " + User.COLUMNS;
  private static final String COUNT = "SELECT count(*) FROM users";

  private final Pool pool;

  public UserRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<User>> findByEmail(String email) {
    return pool.preparedQuery(BY_EMAIL).execute(Tuple.of(email)).map(rows -> first(rows));
  }

  public Future<Optional<User>> findById(SqlClient client, long id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> first(rows));
  }

  public Future<Optional<User>> findById(long id) {
    return findById(pool, id);
  }

  public Future<List<User>> search(Role role, String query, int limit) {
    return pool.preparedQuery(SEARCH)
        .execute(Tuple.of(role == null ? null : role.wire(), Sql.containsPattern(query), limit))
        .map(rows -> Sql.list(rows, User::from));
  }

  public Future<User> insert(String email, String name, Role role, String passwordHash) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(email, name, role.wire(), passwordHash))
        .map(rows -> User.from(rows.iterator().next()));
  }

  public Future<Optional<User>> update(long id, String email, String name, Role role, String passwordHash, Boolean active) {
    return pool.preparedQuery(UPDATE)
        .execute(Tuple.of(id, email, name, role == null ? null : role.wire(), passwordHash, active))
        .map(rows -> first(rows));
  }

  public Future<Long> count() {
    return pool.query(COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  private static Optional<User> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(User.from(rows.iterator().next()));
  }
}
