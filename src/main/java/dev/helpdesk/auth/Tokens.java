package dev.helpdesk.auth;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.domain.WireEnum;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Instant;
import java.util.UUID;

/** Issues and verifies the session JWTs (HS256, shared secret, so every instance accepts every token). */
public final class Tokens {

  private static final String SESSION = "session";
  private static final String PORTAL = "portal";

  /** What a portal link stands for: a requester, and when the link stops working. */
  public record PortalLink(String jti, Caller.Kind kind, long id, Instant expiresAt) {}
  private static final String WALLBOARD = "wallboard";

  private final JWTAuth jwt;
  private final int ttlMinutes;
  /** Consulted after the signature: is the session (or wallboard link) still alive? Null: every signed token is. */
  private volatile SessionCheck sessions;

  /** A session id (sid) in a verified token, checked against the sessions table through a cache. */
  public interface SessionCheck {
    /** The caller as the session stands now (live role and name), or a failed future with 401. */
    Future<Caller> session(String sid, Caller claimed);

    /** Succeeds while the wallboard link exists and is not revoked. */
    Future<Void> wallboardLink(long linkId);
  }

  /** A verified session token: who, and which session. */
  public record Session(Caller caller, String sid) {}

  public Tokens(Vertx vertx, String secret, int ttlMinutes) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    this.ttlMinutes = ttlMinutes;
  }

  public void useSessions(SessionCheck check) {
    this.sessions = check;
  }

  public int ttlMinutes() {
    return ttlMinutes;
  }

  public String issueSession(Caller caller) {
    return issueSession(caller, null);
  }

  /** A session token carrying its session's id, so that it can be ended before it expires. */
  public String issueSession(Caller caller, String sid) {
    JsonObject claims = new JsonObject()
        .put("sub", caller.requesterKey())
        .put("role", caller.role().wire())
        .put("name", caller.name())
        .put("email", caller.email())
        .put("purpose", SESSION);
    if (sid != null) {
      claims.put("sid", sid);
    }
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(ttlMinutes));
  }

  /**
   * A signed, expiring, single-purpose token for an emailed portal link; it is exchanged
   * once for a requester session ({@code POST /api/auth/portal}).
   */
  public String issuePortalLink(String requesterKey, int ttlMinutes) {
    JsonObject claims = new JsonObject()
        .put("sub", requesterKey)
        .put("purpose", PORTAL)
        .put("jti", UUID.randomUUID().toString())
        // the verified principal carries no exp; kept to know how long to remember the link as used
        .put("until", Instant.now().plusSeconds(ttlMinutes * 60L).getEpochSecond());
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(ttlMinutes));
  }

  public Future<PortalLink> verifyPortalLink(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiError.unauthorized("This link is invalid or has expired")))
        .compose(user -> {
          JsonObject p = user.principal();
          try {
            if (!PORTAL.equals(p.getString("purpose")) || p.getString("jti") == null) {
              throw new IllegalArgumentException("not a portal link");
            }
            String[] sub = p.getString("sub").split(":");
            return Future.succeededFuture(new PortalLink(p.getString("jti"),
                Caller.Kind.valueOf(sub[0].toUpperCase()), Long.parseLong(sub[1]),
                Instant.ofEpochSecond(p.getLong("until"))));
          } catch (RuntimeException e) {
            return Future.failedFuture(ApiError.unauthorized("This link is invalid or has expired"));
          }
        });
  }

  /**
   * A read-only wallboard link token: it may read GET /api/wallboard and follow the
   * wallboard topic, nothing else. It does not expire; changing HELPDESK_JWT_SECRET revokes it.
   */
  public String issueWallboard(Caller admin) {
    return issueWallboard(admin, null);
  }

  /** A wallboard token for one named link (its row id as {@code lid}), revocable on its own. */
  public String issueWallboard(Caller admin, Long linkId) {
    JsonObject claims = new JsonObject()
        .put("sub", WALLBOARD)
        .put("purpose", WALLBOARD)
        .put("by", admin.requesterKey())
        .put("jti", UUID.randomUUID().toString());
    if (linkId != null) {
      claims.put("lid", linkId);
    }
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
  }

  /** Succeeds for a wallboard link token; fails with 401 for anything else. */
  public Future<Void> verifyWallboard(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiError.unauthorized("The token is invalid or expired")))
        .compose(user -> {
          JsonObject p = user.principal();
          if (!WALLBOARD.equals(p.getString("purpose"))) {
            return Future.failedFuture(ApiError.unauthorized("The token is invalid or expired"));
          }
          SessionCheck check = sessions;
          if (check == null) {
            return Future.<Void>succeededFuture();
          }
          Object lid = p.getValue("lid");
          return lid instanceof Number n ? check.wallboardLink(n.longValue())
              : Future.failedFuture(ApiError.unauthorized("This wallboard link was revoked; ask an admin for a new one"));
        });
  }

  /** The caller a session token stands for, checked against its session; fails with 401 for anything else. */
  public Future<Caller> verifySession(String token) {
    return verifySessionToken(token).map(Session::caller);
  }

  /** Verified session tokens, so that a token's signature is checked once, not on every request. */
  private record Verified(Caller caller, String sid, long expiresAtSecond) {}

  private static final int VERIFIED_MAX = 10_000;
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The session a token stands for, still alive; fails with 401 for anything else. The
   * signature is checked once per token (a token verified before answers from memory until it
   * expires; the map is bounded and simply emptied when full); whether its session still
   * lives is asked of the session cache every time (issue 12).
   */
  public Future<Session> verifySessionToken(String token) {
    Verified known = verified.get(token);
    Future<Verified> signed = known != null && known.expiresAtSecond() > Instant.now().getEpochSecond()
        ? Future.succeededFuture(known) : verifySessionSignature(token);
    return signed.compose(v -> {
      SessionCheck check = sessions;
      if (check == null) {
        return Future.succeededFuture(new Session(v.caller(), v.sid()));
      }
      if (v.sid() == null) {
        // a token from before sessions could end
        return Future.failedFuture(ApiError.unauthorized("The token is invalid or expired"));
      }
      return check.session(v.sid(), v.caller()).map(caller -> new Session(caller, v.sid()));
    });
  }

  /** Forgets a verified session token (the session check after this cache is what revokes it). */
  public void forgetSession(String token) {
    verified.remove(token);
  }

  private Future<Verified> verifySessionSignature(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiError.unauthorized("The token is invalid or expired")))
        .compose(user -> {
          JsonObject p = user.principal();
          try {
            if (!SESSION.equals(p.getString("purpose"))) {
              throw new IllegalArgumentException("not a session token");
            }
            String[] sub = p.getString("sub").split(":");
            Caller.Kind kind = Caller.Kind.valueOf(sub[0].toUpperCase());
            Role role = WireEnum.parse(Role.class, p.getString("role")).orElseThrow();
            if (kind == Caller.Kind.CONTACT && role != Role.REQUESTER) {
              throw new IllegalArgumentException("a contact is always a requester");
            }
            Caller caller = new Caller(Long.parseLong(sub[1]), kind, role, p.getString("name"), p.getString("email"));
            // Vert.x moves exp from the verified principal to the user's attributes
            Long exp = p.getLong("exp") != null ? p.getLong("exp") : user.attributes().getLong("exp");
            Verified result = new Verified(caller, p.getString("sid"), exp == null ? 0 : exp);
            if (exp != null) {
              if (verified.size() >= VERIFIED_MAX) {
                verified.clear();
              }
              verified.put(token, result);
            }
            return Future.succeededFuture(result);
          } catch (RuntimeException e) {
            return Future.failedFuture(ApiError.unauthorized("The token is invalid or expired"));
          }
        });
  }

  /**
   * What a token already verified names, for closing its sockets later: {@code sid:<id>} and
   * {@code subject:user:5} for a session, {@code wallboard:<id>} for a wallboard link.
   */
  public static java.util.List<String> socketKeys(String token) {
    try {
      String[] parts = token.split("\\.");
      JsonObject p = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
          java.nio.charset.StandardCharsets.UTF_8));
      if (WALLBOARD.equals(p.getString("purpose"))) {
        return p.getValue("lid") == null ? java.util.List.of() : java.util.List.of("wallboard:" + p.getValue("lid"));
      }
      java.util.List<String> keys = new java.util.ArrayList<>();
      if (p.getString("sid") != null) {
        keys.add("sid:" + p.getString("sid"));
      }
      keys.add("subject:" + p.getString("sub"));
      return keys;
    } catch (RuntimeException e) {
      return java.util.List.of();
    }
  }
}
