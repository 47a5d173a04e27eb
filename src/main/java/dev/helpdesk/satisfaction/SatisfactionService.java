package dev.helpdesk.satisfaction;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.http.ApiError;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.ticket.Status;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.writes.ChangeSet;
import dev.helpdesk.writes.TicketWriter;
import dev.helpdesk.writes.WriteTx;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Asks, records and shows satisfaction. A rating is one row per ticket (a second one is a 409),
 * given by the ticket's requester only: through a mailed link (a random token of which only the
 * hash is kept, used once, 14 days) or in their portal session.
 */
public final class SatisfactionService {

  public static final Duration LINK_LIFETIME = Duration.ofDays(14);
  public static final int COMMENT_MAX = 2000;

  private static final String RATED = "SELECT ticket_id FROM satisfaction_ratings WHERE ticket_id = ANY($1)";
  private static final String ISSUE_LINKS = "INSERT INTO satisfaction_links (token_hash, ticket_id, requester,"
      + " expires_at) SELECT l.token_hash, l.ticket_id, l.requester, now() + make_interval(days => $4)"
      + " FROM unnest($1::text[], $2::bigint[], $3::text[]) AS l (token_hash, ticket_id, requester)"
      + " WHERE NOT EXISTS (SELECT 1 FROM satisfaction_ratings r WHERE r.ticket_id = l.ticket_id)";
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
  private final TicketWriter writer;
  private final Notifier notifier;
  private final AssigneeAlert alert;

  public SatisfactionService(Pool pool, TicketWriter writer, Notifier notifier, AssigneeAlert alert) {
    this.pool = pool;
    this.writer = writer;
    this.notifier = notifier;
    this.alert = alert;
  }

  /**
   * The resolved hook, once per write transaction: for each ticket a PATCH moved to resolved
   * (not a bulk change, see docs/api.md) whose requester has an address and that is not rated
   * yet, a single-use link and the "How did we do?" mail, written with the change.
   */
  public Future<Void> onResolved(SqlClient tx, ChangeSet changes) {
    if (changes.solo()) {
      return Future.succeededFuture();
    }
    List<Ticket> resolved = changes.updates().stream()
        .filter(u -> u.after().status() == Status.RESOLVED && u.before().status() != Status.RESOLVED
            && u.after().requester().email() != null)
        .map(ChangeSet.Update::after).toList();
    if (resolved.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = resolved.stream().map(Ticket::id).distinct().toArray(Long[]::new);
    return tx.preparedQuery(RATED).execute(Tuple.of((Object) ids)).map(rows -> {
      Set<Long> rated = new HashSet<>();
      rows.forEach(row -> rated.add(row.getLong(0)));
      List<String> hashes = new ArrayList<>();
      List<Long> tickets = new ArrayList<>();
      List<String> requesters = new ArrayList<>();
      for (Ticket t : resolved) {
        if (rated.contains(t.id())) {
          continue;
        }
        String token = newToken();
        hashes.add(hash(token));
        tickets.add(t.id());
        requesters.add(t.requester().key());
        String base = notifier.publicUrl() + "/portal/rate.html#token=" + token + "&rating=";
        changes.mail(SatisfactionMails.howDidWeDo(t, base + "good", base + "bad"));
      }
      if (!tickets.isEmpty()) {
        changes.extra(ISSUE_LINKS, Tuple.of(hashes.toArray(String[]::new), tickets.toArray(Long[]::new),
            requesters.toArray(String[]::new), (int) LINK_LIFETIME.toDays()));
      }
      return null;
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
    return writer.solo(w -> w.sql().preparedQuery(USE_LINK).execute(Tuple.of(hash(token))).compose(rows -> {
      if (rows.size() == 0) {
        return linkProblem(w.sql(), token);
      }
      Row row = rows.iterator().next();
      return rate(w, row.getLong("ticket_id"), row.getString("requester"), rating, comment);
    }));
  }

  /** A rating from the portal: only the ticket's requester, only once it is resolved or closed. */
  public Future<Rating> rateAsRequester(Caller caller, long ticketId, String rating, String comment) {
    if (caller.isStaff()) {
      return Future.failedFuture(ApiError.forbidden("Only the requester of a ticket may rate it"));
    }
    return writer.solo(w -> rate(w, ticketId, caller.requesterKey(), rating, comment));
  }

  /**
   * The rating row, then through the write path: the ticket.updated event carrying
   * {@code satisfaction}, the system message, and for a bad rating the assignee's mail.
   */
  private Future<Rating> rate(WriteTx w, long ticketId, String raterKey, String rating, String comment) {
    return TicketWriter.lock(w, List.of(ticketId)).compose(locked -> {
      Ticket t = Optional.ofNullable(locked.get(ticketId)).filter(x -> x.requester().key().equals(raterKey))
          .orElseThrow(() -> ApiError.notFound("No ticket " + Ticket.refOf(ticketId)));
      if (t.status() != Status.RESOLVED && t.status() != Status.CLOSED) {
        throw ApiError.unprocessable("A ticket can be rated once it is resolved; " + t.ref() + " is "
            + t.status().label().toLowerCase());
      }
      return w.sql().preparedQuery(RATE).execute(Tuple.of(ticketId, rating, comment, raterKey)).compose(rows -> {
        if (rows.size() == 0) {
          return Future.failedFuture(ApiError.conflict(t.ref() + " was rated already; a ticket is rated once"));
        }
        Rating saved = Rating.from(rows.iterator().next());
        String words = "The requester rated this ticket " + ("good".equals(rating) ? "Good" : "Bad")
            + (comment == null || comment.isBlank() ? "." : ": \u201c" + comment + "\u201d");
        w.ticketUpdated(t, new JsonObject().put("satisfaction", saved.toJson()));
        return w.reserve(0, 1)
            .compose(v -> {
              w.systemNote(Caller.system(), t, words);
              return saved.isBad() ? tellAssignee(w, t, saved) : Future.<Void>succeededFuture();
            })
            .map(saved);
      });
    });
  }

  /** A bad rating: the assignee gets a mail now, and an in-app notification through {@link AssigneeAlert}. */
  private Future<Void> tellAssignee(WriteTx w, Ticket t, Rating rating) {
    if (t.assigneeId() == null) {
      return Future.succeededFuture();
    }
    String url = notifier.publicUrl() + "/agent/#/tickets/" + t.ref();
    return TicketWriter.emails(w, List.of(t))
        .compose(emails -> {
          String email = emails.get(t.assigneeId());
          if (email != null) {
            w.changes().mail(SatisfactionMails.badRating(t, email, rating, url));
          }
          return alert.badRating(w.sql(), t, rating);
        });
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
