package dev.helpdesk.search;

import dev.helpdesk.http.ApiError;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The orders of the ticket list. Each is a total order: its keys, then the id, all in one
 * direction, so that a keyset position {@code (keys, id) > (cursor)} is a plain index
 * range (V4 has an index for each). {@code priority}: urgent first, within a priority the
 * longest waiting first. {@code due}: soonest due first, tickets without a due date last.
 * {@code sla}: running tickets by when their SLA breaches (breached ones first), paused
 * and finished tickets last. The key expressions are the SQL functions of V4__search.sql.
 */
public enum Sort {
  CREATED("created", false, Key.time("t.created_at")),
  NEWEST("-created", true, Key.time("t.created_at")),
  UPDATED("updated", false, Key.time("t.updated_at")),
  RECENT("-updated", true, Key.time("t.updated_at")),
  PRIORITY("priority", false, Key.number("priority_rank(t.priority)"), Key.time("t.created_at")),
  DUE("due", false, Key.number("due_key(t.due_at)")),
  SLA("sla", false, Key.number("sla_key(t.status, t.sla_breach_at)"));

  public static final Sort DEFAULT = NEWEST;

  /** One sort key: an SQL expression over {@code tickets t}, a time or a bigint. */
  record Key(String sql, boolean isTime) {
    static Key time(String sql) {
      return new Key(sql, true);
    }

    static Key number(String sql) {
      return new Key(sql, false);
    }
  }

  final String wire;
  final boolean descending;
  final List<Key> keys;

  Sort(String wire, boolean descending, Key... keys) {
    this.wire = wire;
    this.descending = descending;
    this.keys = List.of(keys);
  }

  public String wire() {
    return wire;
  }

  public static Sort parse(String wire) {
    if (wire == null || wire.isEmpty()) {
      return DEFAULT;
    }
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst()
        .orElseThrow(() -> ApiError.invalid("sort", "must be one of "
            + Arrays.stream(values()).map(s -> s.wire).collect(Collectors.joining(", "))));
  }

  /** The key values selected with each row, for the next cursor: {@code , expr AS sort_k0, ...}. */
  String selectKeys() {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      sql.append(", ").append(keys.get(i).sql()).append(" AS sort_k").append(i);
    }
    return sql.toString();
  }

  /** The same order over a derived table {@code m} that selected {@link #selectKeys()} and {@code id}. */
  String orderByKeys() {
    String direction = descending ? " DESC" : "";
    StringBuilder sql = new StringBuilder(" ORDER BY ");
    for (int i = 0; i < keys.size(); i++) {
      sql.append("m.sort_k").append(i).append(direction).append(", ");
    }
    return sql.append("m.id").append(direction).toString();
  }

  /** The keyset position over that derived table. */
  String afterKeys(Cursor cursor, SqlFilter filter) {
    StringBuilder left = new StringBuilder("(");
    StringBuilder right = new StringBuilder("(");
    for (int i = 0; i < keys.size(); i++) {
      left.append("m.sort_k").append(i).append(", ");
      right.append(filter.param(cursor.values().get(i))).append(", ");
    }
    left.append("m.id)");
    right.append(filter.param(cursor.id())).append(")");
    return left + (descending ? " < " : " > ") + right;
  }

  String orderBy() {
    String direction = descending ? " DESC" : "";
    return " ORDER BY " + keys.stream().map(k -> k.sql() + direction).collect(Collectors.joining(", "))
        + ", t.id" + direction;
  }

  /** The rows after {@code cursor} in this order, its values added to {@code filter}'s parameters. */
  String after(Cursor cursor, SqlFilter filter) {
    StringBuilder left = new StringBuilder("(");
    StringBuilder right = new StringBuilder("(");
    for (int i = 0; i < keys.size(); i++) {
      left.append(keys.get(i).sql()).append(", ");
      right.append(filter.param(cursor.values().get(i))).append(", ");
    }
    left.append("t.id)");
    right.append(filter.param(cursor.id())).append(")");
    return left + (descending ? " < " : " > ") + right;
  }
}
