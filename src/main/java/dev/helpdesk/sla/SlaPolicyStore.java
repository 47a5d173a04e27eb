package dev.helpdesk.sla;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The policy lives in the settings table as JSON, so every instance reads the same one. */
public final class SlaPolicyStore {

  private static final String LOAD = "SELECT value FROM settings WHERE key = 'sla_policy'";
  // the row exists before it is locked, so two first saves also wait for each other
  private static final String ENSURE = "INSERT INTO settings (key, value) VALUES ('sla_policy', $1)"
      + " ON CONFLICT (key) DO NOTHING";
  private static final String LOCK = "SELECT value FROM settings WHERE key = 'sla_policy' FOR UPDATE";
  private static final String SAVE = "INSERT INTO settings (key, value) VALUES ('sla_policy', $1)"
      + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

  private SlaPolicyStore() {}

  /** The stored policy, or the defaults when none was ever saved. */
  public static Future<SlaPolicy> load(Pool pool) {
    return pool.query(LOAD).execute().map(rows -> rows.size() == 0 ? SlaPolicy.defaults()
        : SlaPolicyReader.read(new JsonObject(rows.iterator().next().getString(0))));
  }

  /** The stored policy, its row locked until the transaction ends (the defaults stored first if none was). */
  static Future<SlaPolicy> lock(SqlClient tx) {
    return tx.preparedQuery(ENSURE).execute(Tuple.of(SlaPolicy.defaults().toJson().encode()))
        .compose(x -> tx.preparedQuery(LOCK).execute())
        .map(rows -> SlaPolicyReader.read(new JsonObject(rows.iterator().next().getString(0))));
  }

  static Future<Void> save(SqlClient tx, SlaPolicy policy) {
    return tx.preparedQuery(SAVE).execute(Tuple.of(policy.toJson().encode())).mapEmpty();
  }
}
