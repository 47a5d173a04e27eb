package dev.helpdesk.routing;

import dev.helpdesk.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The rules as stored (one JSON array) and as held in memory by this instance. Saving
 * notifies {@link #CHANNEL}, on which every instance's {@link RoutingListener} reloads; a
 * periodic reload is the safety net.
 */
public final class RoutingRules {

  public static final String CHANNEL = "helpdesk_routing";
  private static final String LOAD = "SELECT rules FROM routing_rules WHERE id = 1";
  private static final String LOCK = "SELECT rules FROM routing_rules WHERE id = 1 FOR UPDATE";
  private static final String SAVE = "UPDATE routing_rules SET rules = $1, updated_at = now() WHERE id = 1";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";
  private static final String FORGET_TURNS = "DELETE FROM routing_turns WHERE NOT (rule_name = ANY($1))";
  private static final String STAFF_IDS = "SELECT id FROM users WHERE id = ANY($1) AND role IN ('admin', 'agent')";

  private final Pool pool;
  private volatile List<RoutingRule> current = List.of();

  public RoutingRules(Pool pool) {
    this.pool = pool;
  }

  /** What this instance routes by now. */
  public List<RoutingRule> current() {
    return current;
  }

  /** Reads the stored rules into memory. */
  public Future<List<RoutingRule>> reload() {
    return pool.preparedQuery(LOAD).execute().map(rows -> {
      Object stored = rows.iterator().next().getValue("rules");
      RuleReader reader = RuleReader.create();
      List<RoutingRule> rules = reader.rules(stored instanceof JsonArray a ? a : new JsonArray());
      current = List.copyOf(rules);
      return current;
    });
  }

  /** Validates (every bad field in one 400, user ids must be agents or admins), stores, and tells every instance. */
  public Future<List<RoutingRule>> replace(Object body) {
    return replace(body, null, (tx, json) -> Future.succeededFuture());
  }

  /**
   * Replaces the list; {@code alsoInTransaction} runs in the same transaction with the rules as
   * saved (the routes write the audit row there, so a refused or failed save leaves none).
   * With {@code expected} (the list as the client last read it) the save is refused with 409 and
   * the stored list when someone else has changed the rules since: one admin's save never
   * silently drops another's rule. Null: no check (scripts that own the whole list).
   */
  public Future<List<RoutingRule>> replace(Object body, Object expected,
      BiFunction<SqlConnection, JsonArray, Future<?>> alsoInTransaction) {
    if (expected != null && !(expected instanceof JsonArray)) {
      throw ApiError.invalid("expected", "must be the list of rules as you last read it");
    }
    RuleReader reader = RuleReader.create();
    List<RoutingRule> rules = reader.rules(body);
    return validUsers(reader).compose(v -> {
      JsonArray json = new JsonArray(rules.stream().map(RoutingRule::toJson).toList());
      String[] names = rules.stream().map(RoutingRule::name).toArray(String[]::new);
      return pool.withTransaction(tx -> unchangedSince(tx, expected)
          .compose(x -> tx.preparedQuery(SAVE).execute(Tuple.of(json)))
          .compose(x -> tx.preparedQuery(FORGET_TURNS).execute(Tuple.of((Object) names)))
          .compose(x -> alsoInTransaction.apply(tx, json))
          .compose(x -> tx.preparedQuery(NOTIFY).execute()));
    }).map(v -> {
      current = List.copyOf(rules);
      return current;
    });
  }

  /** Locks the stored list and fails with 409 (and the stored list) when it is not {@code expected}. */
  private static Future<Void> unchangedSince(SqlClient tx, Object expected) {
    if (expected == null) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(LOCK).execute().compose(rows -> {
      Object stored = rows.iterator().next().getValue("rules");
      JsonArray now = canonical(stored instanceof JsonArray a ? a : new JsonArray());
      if (now.equals(canonical((JsonArray) expected))) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(ApiError.conflict(
          "Another admin changed the routing rules after you opened them. Look at their rules, then save yours again.",
          now));
    });
  }

  /** A list as the service writes it (defaults filled in, order of keys), so that equal lists compare equal. */
  private static JsonArray canonical(JsonArray list) {
    RuleReader reader = RuleReader.create();
    JsonArray out = new JsonArray();
    for (int i = 0; i < list.size(); i++) {
      RoutingRule rule = reader.rule("[" + i + "]", list.getValue(i));
      out.add(rule == null ? list.getValue(i) : rule.toJson());
    }
    return out;
  }

  /** Reads one rule for a preview, with the same checks as a save. */
  public Future<RoutingRule> readOne(Object body) {
    RuleReader reader = RuleReader.create();
    RoutingRule rule = reader.rule("", body);
    return validUsers(reader).map(rule);
  }

  private Future<Void> validUsers(RuleReader reader) {
    if (reader.userIds.isEmpty()) {
      reader.check();
      return Future.succeededFuture();
    }
    return staffIds(pool, reader.userIds).map(staff -> {
      reader.staffOnly(staff);
      reader.check();
      return null;
    });
  }

  static Future<Set<Long>> staffIds(SqlClient client, Set<Long> ids) {
    return client.preparedQuery(STAFF_IDS).execute(Tuple.of((Object) ids.toArray(Long[]::new)))
        .map(rows -> {
          java.util.Set<Long> found = new java.util.HashSet<>();
          rows.forEach(r -> found.add(r.getLong(0)));
          return found.stream().collect(Collectors.toUnmodifiableSet());
        });
  }
}
