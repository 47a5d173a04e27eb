package dev.helpdesk.team;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.mail.Mail;
import dev.helpdesk.mail.MailSender;
import dev.helpdesk.mail.Outbox;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Single-use invitation and password-reset links. The link carries 32 random bytes; only
 * their SHA-256 is stored, so a database reader cannot use a link. An invitation lasts
 * {@value #INVITE_HOURS} hours, a reset {@value #RESET_MINUTES} minutes; a new link of the
 * same purpose retires the older ones, and using one marks it used in the same transaction
 * that sets the password.
 */
public final class UserLinks {

  static final int INVITE_HOURS = 72;
  static final int RESET_MINUTES = 60;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String RETIRE = "UPDATE user_links SET used_at = now()"
      + " WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL";
  private static final String INSERT = "INSERT INTO user_links (token_hash, user_id, purpose, expires_at)"
      + " VALUES ($1, $2, $3, now() + make_interval(mins => $4))";
  private static final String USE = "UPDATE user_links SET used_at = now() WHERE token_hash = $1"
      + " AND used_at IS NULL AND expires_at > now() RETURNING user_id, purpose";

  /** A used link: whose, and what for. */
  public record Used(long userId, String purpose) {}

  private final String publicUrl;
  private final EventBus bus;

  public UserLinks(String publicUrl, EventBus bus) {
    this.publicUrl = publicUrl;
    this.bus = bus;
  }

  /** Makes a link and queues its mail, in the caller's transaction. */
  public Future<Void> send(SqlClient tx, long userId, String purpose, String name, String email) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    int minutes = "invite".equals(purpose) ? INVITE_HOURS * 60 : RESET_MINUTES;
    String link = publicUrl + "/set-password.html#token=" + token;
    Mail mail = "invite".equals(purpose) ? TeamMails.invitation(name, email, link, INVITE_HOURS)
        : TeamMails.reset(name, email, link, RESET_MINUTES);
    return tx.preparedQuery(RETIRE).execute(Tuple.of(userId, purpose))
        .compose(v -> tx.preparedQuery(INSERT).execute(Tuple.of(hash(token), userId, purpose, minutes)))
        .compose(v -> Outbox.enqueue(tx, mail))
        .onSuccess(v -> bus.send(MailSender.KICK, null));
  }

  /** Uses a link once; 401 if it is unknown, used or expired. */
  public Future<Used> use(SqlClient tx, String token) {
    return tx.preparedQuery(USE).execute(Tuple.of(hash(token))).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.unauthorized("This link is invalid, used or expired; ask for a new one");
      }
      var row = rows.iterator().next();
      return new Used(row.getLong("user_id"), row.getString("purpose"));
    });
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
