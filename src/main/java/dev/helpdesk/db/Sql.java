package dev.helpdesk.db;

import dev.helpdesk.http.ApiError;
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
      ApiError error = new ApiError(409, "Conflict", field + " " + message,
          List.of(new ApiError.FieldError(field, message)), null);
      return Future.failedFuture(error);
    }
    return Future.failedFuture(failure);
  }
}
