package dev.helpdesk.people;

import dev.helpdesk.db.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;

/** SQL for contacts. */
public final class ContactRepository {

  private static final String BY_ID = "SELECT " + Contact.COLUMNS + " FROM contacts WHERE id = $1";
  private static final String SEARCH = "SELECT " + Contact.COLUMNS + " FROM contacts"
      + " WHERE $1::text IS NULL OR lower(name) LIKE $1 ESCAPE '\\' OR lower(email) LIKE $1 ESCAPE '\\'"
      + " OR lower(coalesce(company, '')) LIKE $1 ESCAPE '\\'"
      + " ORDER BY name, id LIMIT $2";
  private static final String INSERT = "INSERT INTO contacts (email, name, phone, company) VALUES ($1, $2, $3, $4)"
      + " RETURNING " + Contact.COLUMNS;

  private final Pool pool;

  public ContactRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Contact>> findById(long id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Contact.from(rows.iterator().next())));
  }

  public Future<List<Contact>> search(String query, int limit) {
    return pool.preparedQuery(SEARCH).execute(Tuple.of(Sql.containsPattern(query), limit))
        .map(rows -> Sql.list(rows, Contact::from));
  }

  public Future<Contact> insert(String email, String name, String phone, String company) {
    return pool.preparedQuery(INSERT).execute(Tuple.of(email, name, phone, company))
        .map(rows -> Contact.from(rows.iterator().next()));
  }
}
