package dev.helpdesk.db;

import dev.helpdesk.domain.DomainError;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small helpers shared by the repositories. */
public final class Sql {

  public static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> list = new ArrayList<>(rows.size());
    for (Row row : rows) {
      list.add(mapper.apply(row));
    }
    return list;
  }

  /** A LIKE pattern matching {@code text} anywhere, with LIKE's own wildcards escaped; null for no filter. */
  public static String containsPattern(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String escaped = text.strip().toLowerCase()
        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }

  /** Turns a unique-key violation into a 409 naming the field; other failures pass through. */
  public static <T> Future<T> uniqueAs(Throwable failure, String field, String message) {
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return Future.failedFuture(new DomainError.Conflict(field + " " + message, null,
          List.of(new DomainError.FieldError(field, message))));
    }
    return Future.failedFuture(failure);
  }
}
