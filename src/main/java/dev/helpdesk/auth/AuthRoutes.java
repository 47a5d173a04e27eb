package dev.helpdesk.auth;

import dev.helpdesk.http.ApiError;
import dev.helpdesk.http.JsonFields;
import dev.helpdesk.http.Responses;
import dev.helpdesk.people.User;
import dev.helpdesk.people.UserRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;

/** POST /api/auth/login (which starts a session, see dev.helpdesk.session) and GET /api/me. */
public final class AuthRoutes {

  private static final String BAD_LOGIN = "The email or password is wrong";

  private final Vertx vertx;
  private final UserRepository users;
  private final PasswordHasher hasher;
  private final Tokens tokens;
  private final LoginLimiter limiter;
  private java.util.function.Function<Caller, Future<String>> sessions;

  public AuthRoutes(Vertx vertx, UserRepository users, PasswordHasher hasher, Tokens tokens, LoginLimiter limiter) {
    this.sessions = caller -> Future.succeededFuture(tokens.issueSession(caller));
    this.vertx = vertx;
    this.users = users;
    this.hasher = hasher;
    this.tokens = tokens;
    this.limiter = limiter;
  }

  /** How a sign-in starts its session (dev.helpdesk.session.SessionStore#start). */
  public AuthRoutes startSessionsWith(java.util.function.Function<Caller, Future<String>> start) {
    this.sessions = start;
    return this;
  }

  /** Routes that need no token. */
  public void mountPublic(Router api) {
    api.post("/auth/login").handler(this::login);
  }


  public void mount(Router api) {
    api.get("/me").handler(ctx -> Responses.ok(ctx, AuthHandlers.caller(ctx).toJson()));
  }

  private void login(RoutingContext ctx) {
    JsonFields f = JsonFields.of(ctx, Set.of("email", "password"));
    String email = f.string("email", true, 1, 254);
    String password = f.string("password", true, 1, 200);
    f.check();
    String address = dev.helpdesk.http.ClientAddress.of(ctx);
    limiter.check(email, address)
        .compose(v -> users.findByEmail(email))
        .compose(user -> dev.helpdesk.work.Workers.password(vertx, () -> passwordMatches(user, password)))
        .compose(user -> user.isPresent()
            ? limiter.succeeded(email).map(user.get())
            : limiter.failed(email, address).compose(v -> Future.failedFuture(ApiError.unauthorized(BAD_LOGIN))))
        .compose(user -> {
          Caller caller = new Caller(user.id(), Caller.Kind.USER, user.role(), user.name(), user.email());
          return sessions.apply(caller).map(token -> new JsonObject().put("token", token).put("user", caller.toJson()));
        })
        .onSuccess(body -> Responses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** Same work and same answer whether the email is unknown, inactive or the password wrong. */
  private Optional<User> passwordMatches(Optional<User> user, String password) {
    if (user.isEmpty()) {
      hasher.burn(password);
      return Optional.empty();
    }
    boolean ok = hasher.verify(password, user.get().passwordHash());
    return ok && user.get().active() ? user : Optional.empty();
  }
}
