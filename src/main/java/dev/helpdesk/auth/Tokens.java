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

  public Tokens(Vertx vertx, String secret, int ttlMinutes) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    this.ttlMinutes = ttlMinutes;
  }

  public String issueSession(Caller caller) {
    JsonObject claims = new JsonObject()
        .put("sub", caller.requesterKey())
        .put("role", caller.role().wire())
        .put("name", caller.name())
        .put("email", caller.email())
        .put("purpose", SESSION);
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
    JsonObject claims = new JsonObject()
        .put("sub", WALLBOARD)
        .put("purpose", WALLBOARD)
        .put("by", admin.requesterKey())
        .put("jti", UUID.randomUUID().toString());
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
  }

  /** Succeeds for a wallboard link token; fails with 401 for anything else. */
  public Future<Void> verifyWallboard(String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(ApiError.unauthorized("The token is invalid or expired")))
        .compose(user -> WALLBOARD.equals(user.principal().getString("purpose")) ? Future.<Void>succeededFuture()
            : Future.failedFuture(ApiError.unauthorized("The token is invalid or expired")));
  }

  /** Verified session tokens, so that a token's signature is checked once, not on every request. */
  private record Verified(Caller caller, long expiresAtSecond) {}

  private static final int VERIFIED_MAX = 10_000;
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The caller a session token stands for; fails with 401 for anything else. A token
   * verified before answers from memory until it expires (the result is a pure function
   * of the token; the map is bounded and simply emptied when full).
   */
  public Future<Caller> verifySession(String token) {
    Verified known = verified.get(token);
    if (known != null && known.expiresAtSecond() > Instant.now().getEpochSecond()) {
      return Future.succeededFuture(known.caller());
    }
    return verifySessionSignature(token);
  }

  /** Forgets a verified session token (for a logout or a revoked session: check revocation before this cache). */
  public void forgetSession(String token) {
    verified.remove(token);
  }

  private Future<Caller> verifySessionSignature(String token) {
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
            if (exp != null) {
              if (verified.size() >= VERIFIED_MAX) {
                verified.clear();
              }
              verified.put(token, new Verified(caller, exp));
            }
            return Future.succeededFuture(caller);
          } catch (RuntimeException e) {
            return Future.failedFuture(ApiError.unauthorized("The token is invalid or expired"));
          }
        });
  }
}
