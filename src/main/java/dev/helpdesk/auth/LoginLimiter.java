package dev.helpdesk.auth;

import dev.helpdesk.http.ApiError;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * Slows down password guessing: after 10 failed sign-ins for one email, or 50 from one
 * address, within 15 minutes, further attempts get 429 until the window has passed.
 * Kept in the database so that every instance counts the same failures.
 */
public final class LoginLimiter {

  static final int PER_EMAIL = 10;
  static final int PER_ADDRESS = 50;
  static final int WINDOW_MINUTES = 15;

  private static final String RECENT = "SELECT"
      + " count(*) FILTER (WHERE key = $1), count(*) FILTER (WHERE key = $2)"
      + " FROM login_failures WHERE key IN ($1, $2) AND failed_at > now() - make_interval(mins => $3)";
  private static final String FAILED = "INSERT INTO login_failures (key) VALUES ($1), ($2)";
  private static final String FORGET_OLD = "DELETE FROM login_failures WHERE failed_at < now() - make_interval(mins => $1)";
  private static final String SUCCEEDED = "DELETE FROM login_failures WHERE key = $1";

  private final Pool pool;

  public LoginLimiter(Pool pool) {
    this.pool = pool;
  }

  /** Fails with 429 when this email or address has failed too often lately. */
  public Future<Void> check(String email, String address) {
    return pool.preparedQuery(RECENT).execute(Tuple.of(emailKey(email), addressKey(address), WINDOW_MINUTES))
        .map(rows -> {
          var row = rows.iterator().next();
          if (row.getLong(0) >= PER_EMAIL || row.getLong(1) >= PER_ADDRESS) {
            throw new ApiError(429, "Too many attempts", "Too many failed sign-ins; wait " + WINDOW_MINUTES
                + " minutes and try again", List.of(), new JsonObject().put("retryAfterSeconds", WINDOW_MINUTES * 60));
          }
          return null;
        });
  }

  public Future<Void> failed(String email, String address) {
    return pool.preparedQuery(FAILED).execute(Tuple.of(emailKey(email), addressKey(address)))
        .compose(v -> pool.preparedQuery(FORGET_OLD).execute(Tuple.of(WINDOW_MINUTES)))
        .mapEmpty();
  }

  public Future<Void> succeeded(String email) {
    return pool.preparedQuery(SUCCEEDED).execute(Tuple.of(emailKey(email))).mapEmpty();
  }

  private static String emailKey(String email) {
    return "email:" + email.toLowerCase();
  }

  private static String addressKey(String address) {
    return "ip:" + address;
  }
}
