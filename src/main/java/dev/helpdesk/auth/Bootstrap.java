package dev.helpdesk.auth;

import dev.helpdesk.config.Config;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-start duties: a JWT secret shared by every instance (kept in the database unless
 * configured) and the admin account on an empty database.
 */
public final class Bootstrap {

  private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

  private static final String INSERT_SECRET =
      "INSERT INTO settings (key, value) VALUES ('jwt_secret', $1) ON CONFLICT (key) DO NOTHING";
  private static final String SELECT_SECRET = "SELECT value FROM settings WHERE key = 'jwt_secret'";
  // Only when no user exists at all; the advisory lock keeps two instances starting together from both creating one.
  private static final String INSERT_ADMIN = "INSERT INTO users (email, name, role, password_hash)"
      + " SELECT $1, 'Administrator', 'admin', $2 FROM (SELECT pg_advisory_xact_lock(7263542)) lock"
      + " WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id";

  /** The documented default, printed in full on first start so a newcomer can log in. */
  public static final String DEFAULT_ADMIN_PASSWORD = "admin12345";

  private Bootstrap() {}

  /** The secret every instance signs with: configured, or generated once and stored. */
  public static Future<String> jwtSecret(Pool pool, Config config) {
    if (config.jwtSecret() != null) {
      return Future.succeededFuture(config.jwtSecret());
    }
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return pool.preparedQuery(INSERT_SECRET).execute(Tuple.of(candidate))
        .compose(ignored -> pool.query(SELECT_SECRET).execute())
        .map(rows -> rows.iterator().next().getString(0));
  }

  public static Future<Void> admin(Vertx vertx, Pool pool, PasswordHasher hasher, Config config) {
    return dev.helpdesk.work.Workers.password(vertx, () -> hasher.hash(config.adminPassword()))
        .compose(hash -> pool.withTransaction(tx -> tx.preparedQuery(INSERT_ADMIN)
            .execute(Tuple.of(config.adminEmail(), hash))))
        .map(rows -> {
          if (rows.size() > 0) {
            boolean defaultPassword = DEFAULT_ADMIN_PASSWORD.equals(config.adminPassword());
            log.info("Created the admin account. Log in at {}/ as {} with password {}{}", config.publicUrl(),
                config.adminEmail(), defaultPassword ? DEFAULT_ADMIN_PASSWORD : "from HELPDESK_ADMIN_PASSWORD",
                defaultPassword ? " (the default: change it after the first login)" : "");
          }
          return null;
        });
  }
}
