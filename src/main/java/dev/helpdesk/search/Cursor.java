package dev.helpdesk.search;

import dev.helpdesk.http.ApiError;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A keyset position in one sort: the sort keys and id of the last row shown. Opaque to
 * clients (base64url of {@code sort|key...|id}, times in microseconds, as stored).
 */
public record Cursor(Sort sort, List<Object> values, long id) {

  /** The position of a row selected with {@link Sort#selectKeys()}. */
  static Cursor of(Sort sort, Row row, long id) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < sort.keys.size(); i++) {
      values.add(sort.keys.get(i).isTime() ? row.getOffsetDateTime("sort_k" + i) : row.getLong("sort_k" + i));
    }
    return new Cursor(sort, values, id);
  }

  public String encode() {
    StringBuilder raw = new StringBuilder(sort.wire);
    for (Object value : values) {
      raw.append('|').append(value instanceof OffsetDateTime time
          ? ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant()) : value);
    }
    raw.append('|').append(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Null for no cursor; a cursor of another sort or a damaged one is a 400. */
  public static Cursor decode(String cursor, Sort sort) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
      if (parts.length == sort.keys.size() + 2 && parts[0].equals(sort.wire)) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < sort.keys.size(); i++) {
          long n = Long.parseLong(parts[i + 1]);
          values.add(sort.keys.get(i).isTime()
              ? Instant.EPOCH.plus(n, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC) : n);
        }
        return new Cursor(sort, values, Long.parseLong(parts[parts.length - 1]));
      }
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      // reported below
    }
    throw ApiError.invalid("cursor", "is not a cursor of this listing and sort; start again without it");
  }
}
