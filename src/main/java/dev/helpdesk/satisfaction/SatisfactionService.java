package dev.helpdesk.satisfaction;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketRepository;
import dev.helpdesk.ticket.TicketService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Asks, records and shows satisfaction. A rating is one row per ticket (a second one is a 409),
 * given by the ticket's requester only: through a mailed link (a random token of which only the
 * hash is kept, used once, 14 days) or in their portal session.
 */
public final class SatisfactionService {

  public static final Duration LINK_LIFETIME = Duration.ofDays(14);
  public static final int COMMENT_MAX = 2000;

  private static final String ISSUE_LINK = "INSERT INTO satisfaction_links (token_hash, ticket_id, requester,"
      + " expires_at) SELECT $1, $2, $3, now() + make_interval(days => $4)"
      + " WHERE NOT EXISTS (SELECT 1 FROM satisfaction_ratings WHERE ticket_id = $2) RETURNING ticket_id";
  private static final String USE_LINK = "UPDATE satisfaction_links SET used_at = now()"
      + " WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING ticket_id, requester";
  private static final String LINK_STATE = "SELECT l.ticket_id, l.requester, l.used_at, l.expires_at > now() AS live,"
      + " t.ref, t.subject, r.rating FROM satisfaction_links l JOIN tickets t ON t.id = l.ticket_id"
      + " LEFT JOIN satisfaction_ratings r ON r.ticket_id = l.ticket_id WHERE l.token_hash = $1";
  private static final String RATE = "INSERT INTO satisfaction_ratings (ticket_id, rating, comment, rated_by)"
      + " VALUES ($1, $2, $3, $4) ON CONFLICT (ticket_id) DO NOTHING RETURNING rating, comment, rated_at";
  private static final String FIND = "SELECT rating, comment, rated_at FROM satisfaction_ratings WHERE ticket_id = $1";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final TicketService tickets;
  private final Notifier notifier;
  private final AssigneeAlert alert;

  public SatisfactionService(Pool pool, TicketService tickets, Notifier notifier, AssigneeAlert alert) {
    this.pool = pool;
    this.tickets = tickets;
    this.notifier = notifier;
    this.alert = alert;
  }

  /** The resolved hook: a single-use link pair and the "How did we do?" mail, unless the ticket was rated already. */
  public Future<Void> onResolved(SqlClient tx, Ticket t) {
    if (t.requester().email() == null) {
      return Future.succeededFuture();
    }
    String token = newToken();
    return tx.preparedQuery(ISSUE_LINK)
        .execute(Tuple.of(hash(token), t.id(), t.requester().key(), (int) LINK_LIFETIME.toDays()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture();
          }
          String base = notifier.publicUrl() + "/portal/rate.html#token=" + token + "&rating=";
          return notifier.send(tx, SatisfactionMails.howDidWeDo(t, base + "good", base + "bad"));
        });
  }

  /** The rating shown in a ticket's JSON, or null. */
  public Future<JsonObject> ratingJson(SqlClient client, long ticketId) {
    return find(client, ticketId).map(r -> r == null ? null : r.toJson());
  }

  public Future<Rating> find(SqlClient client, long ticketId) {
    return client.preparedQuery(FIND).execute(Tuple.of(ticketId))
        .map(rows -> rows.size() == 0 ? null : Rating.from(rows.iterator().next()));
  }

  /** What the rating page shows before it is sent: the ticket, and whether the link still works. */
  public Future<JsonObject> linkState(String token) {
    return pool.preparedQuery(LINK_STATE).execute(Tuple.of(hash(token))).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("This link is not known; it may be mistyped");
      }
      Row row = rows.iterator().next();
      String state = row.getString("rating") != null ? "rated" : row.getValue("used_at") != null ? "used"
          : Boolean.TRUE.equals(row.getBoolean("live")) ? "open" : "expired";
      return new JsonObject().put("ticket", new JsonObject().put("ref", row.getString("ref"))
              .put("subject", row.getString("subject")))
          .put("state", state).put("rating", row.getString("rating"));
    });
  }

  /** A rating through a mailed link: the link is used up in the same transaction. */
  public Future<Rating> rateWithToken(String token, String rating, String comment) {
    return pool.withTransaction(tx -> tx.preparedQuery(USE_LINK).execute(Tuple.of(hash(token))).compose(rows -> {
      if (rows.size() == 0) {
        return linkProblem(tx, token);
      }
      Row row = rows.iterator().next();
      return rate(tx, row.getLong("ticket_id"), row.getString("requester"), rating, comment);
    }));
  }

  /** A rating from the portal: only the ticket's requester, only once it is resolved or closed. */
  public Future<Rating> rateAsRequester(Caller caller, long ticketId, String rating, String comment) {
    if (caller.isStaff()) {
      return Future.failedFuture(ApiError.forbidden("Only the requester of a ticket may rate it"));
    }
    return pool.withTransaction(tx -> rate(tx, ticketId, caller.requesterKey(), rating, comment));
  }

  private Future<Rating> rate(SqlClient tx, long ticketId, String raterKey, String rating, String comment) {
    return TicketRepository.lockById(tx, ticketId).compose(found -> {
      Ticket t = found.filter(x -> x.requester().key().equals(raterKey))
          .orElseThrow(() -> ApiError.notFound("No ticket " + Ticket.refOf(ticketId)));
      if (t.status() != Status.RESOLVED && t.status() != Status.CLOSED) {
        throw ApiError.unprocessable("A ticket can be rated once it is resolved; " + t.ref() + " is "
            + t.status().label().toLowerCase());
      }
      return tx.preparedQuery(RATE).execute(Tuple.of(ticketId, rating, comment, raterKey)).compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiError.conflict(t.ref() + " was rated already; a ticket is rated once"));
        }
        Rating saved = Rating.from(rows.iterator().next());
        String words = "The requester rated this ticket " + ("good".equals(rating) ? "Good" : "Bad")
            + (comment == null || comment.isBlank() ? "." : ": \u201c" + comment + "\u201d");
        return tickets.ticketUpdated(tx, t, new JsonObject().put("satisfaction", saved.toJson()))
            .compose(v -> TicketService.systemMessages(tx, dev.helpdesk.auth.Caller.system(), t, List.of(words)))
            .compose(v -> saved.isBad() ? tellAssignee(tx, t, saved) : Future.succeededFuture())
            .map(saved);
      });
    });
  }

  /** A bad rating: the assignee gets a mail now, and an in-app notification through {@link AssigneeAlert}. */
  private Future<Void> tellAssignee(SqlClient tx, Ticket t, Rating rating) {
    if (t.assigneeId() == null) {
      return Future.succeededFuture();
    }
    String url = notifier.publicUrl() + "/agent/#/tickets/" + t.ref();
    return notifier.staffEmail(tx, t.assigneeId())
        .compose(email -> email == null ? Future.<Void>succeededFuture()
            : notifier.send(tx, SatisfactionMails.badRating(t, email, rating, url)))
        .compose(v -> alert.badRating(tx, t, rating));
  }

  /** Why a link did not work: used (409), expired (410) or unknown (404). */
  private Future<Rating> linkProblem(SqlClient tx, String token) {
    return tx.preparedQuery(LINK_STATE).execute(Tuple.of(hash(token))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("This link is not known; it may be mistyped"));
      }
      Row row = rows.iterator().next();
      if (row.getString("rating") != null || row.getValue("used_at") != null) {
        return Future.failedFuture(ApiError.conflict("This link was used already: thank you, we have your rating"));
      }
      return Future.failedFuture(new ApiError(410, "Gone", "This link has expired (links work for 14 days)",
          List.of(), null));
    });
  }

  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
