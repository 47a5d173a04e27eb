package dev.helpdesk.ticket;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The ticket list: keyset pagination over (sort time, id) with an opaque cursor, so that
 * rows inserted while a user pages are neither skipped nor shown twice. Free words
 * match the subject; the full token grammar comes with the search feature.
 */
public final class TicketListing {

  /** The sorts this listing supports, with the column they order by. */
  enum Sort {
    CREATED("created", "t.created_at", false), NEWEST("-created", "t.created_at", true),
    UPDATED("updated", "t.updated_at", false), RECENT("-updated", "t.updated_at", true);

    final String wire;
    final String column;
    final boolean descending;

    Sort(String wire, String column, boolean descending) {
      this.wire = wire;
      this.column = column;
      this.descending = descending;
    }

    static Sort parse(String wire) {
      for (Sort s : values()) {
        if (s.wire.equals(wire)) {
          return s;
        }
      }
      throw ApiError.invalid("sort", "must be one of created, -created, updated, -updated");
    }
  }

  public record Page(List<Ticket> items, String nextCursor, long total) {}

  private final Pool pool;

  public TicketListing(Pool pool) {
    this.pool = pool;
  }

  public Future<Page> list(Caller caller, String q, String sortParam, int limit, String cursor) {
    Sort sort = Sort.parse(sortParam == null ? "-created" : sortParam);
    List<Object> params = new ArrayList<>();
    List<String> where = new ArrayList<>();
    if (!caller.isStaff()) {
      params.add(caller.id());
      where.add((caller.kind() == Caller.Kind.CONTACT ? "t.requester_contact_id" : "t.requester_user_id")
          + " = $" + params.size());
    }
    for (String word : words(q)) {
      params.add("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      where.add("t.subject ILIKE $" + params.size());
    }
    String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    Tuple countParams = Tuple.tuple(new ArrayList<>(params));

    List<String> pageWhere = new ArrayList<>(where);
    if (cursor != null && !cursor.isEmpty()) {
      long[] position = decode(cursor, sort);
      params.add(Instant.EPOCH.plus(position[0], ChronoUnit.MICROS).atOffset(java.time.ZoneOffset.UTC));
      params.add(position[1]);
      pageWhere.add("(" + sort.column + ", t.id) " + (sort.descending ? "<" : ">")
          + " ($" + (params.size() - 1) + ", $" + params.size() + ")");
    }
    params.add(limit + 1);
    String direction = sort.descending ? " DESC" : " ASC";
    String pageSql = "SELECT " + Ticket.COLUMNS + " FROM tickets t" + Ticket.JOINS
        + (pageWhere.isEmpty() ? "" : " WHERE " + String.join(" AND ", pageWhere))
        + " ORDER BY " + sort.column + direction + ", t.id" + direction + " LIMIT $" + params.size();
    String countSql = "SELECT count(*) FROM tickets t" + filter;

    Future<List<Ticket>> page = TicketRepository.query(pool, pageSql, Tuple.tuple(params));
    Future<Long> total = pool.preparedQuery(countSql).execute(countParams)
        .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(page, total).map(done -> {
      List<Ticket> rows = page.result();
      boolean more = rows.size() > limit;
      List<Ticket> items = more ? rows.subList(0, limit) : rows;
      String next = more ? encode(items.get(items.size() - 1), sort) : null;
      return new Page(items, next, total.result());
    });
  }

  private static List<String> words(String q) {
    if (q == null || q.isBlank()) {
      return List.of();
    }
    List<String> words = new ArrayList<>();
    for (String token : q.trim().split("\\s+")) {
      if (token.contains(":")) {
        throw ApiError.invalid("q", "unknown token '" + token + "'; only subject words are supported so far");
      }
      words.add(token.replace("\"", ""));
    }
    return words;
  }

  private static String encode(Ticket last, Sort sort) {
    Instant at = sort.column.endsWith("created_at") ? last.createdAt() : last.updatedAt();
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
    String raw = sort.wire + "|" + micros + "|" + last.id();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static long[] decode(String cursor, Sort sort) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
      if (parts.length == 3 && parts[0].equals(sort.wire)) {
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiError.invalid("cursor", "is not a cursor of this listing; start again without it");
  }
}
