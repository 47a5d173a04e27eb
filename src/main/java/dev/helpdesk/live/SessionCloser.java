package dev.helpdesk.live;

import dev.helpdesk.auth.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sessions hook of the live feed (issue 12), kept apart from the hub: remembers which
 * session, person and wallboard link each socket of this event loop was opened with, and
 * closes them with {@value LiveRoutes#UNAUTHORIZED} when {@code dev.helpdesk.session.SessionStore}
 * publishes on {@value #ENDED} that those ended (sign-out, deactivation, password change,
 * a revoked wallboard link), on every instance. Lives on its HttpVerticle's event loop.
 */
final class SessionCloser {

  /** Same as {@code SessionStore.ENDED}; bodies {@code sid:<id>}, {@code subject:user:5}, {@code wallboard:7}. */
  static final String ENDED = "helpdesk.sessions.ended";

  private final Map<String, Set<ServerWebSocket>> byKey = new HashMap<>();
  private int tracked;

  SessionCloser(Vertx vertx) {
    vertx.eventBus().<String>localConsumer(ENDED, m -> close(m.body()));
  }

  /** Called once the socket's token was verified. */
  void track(ServerWebSocket ws, String token) {
    if (++tracked % 1024 == 0) {
      // a safety net beside the end handler: forget sockets already closed
      byKey.values().forEach(set -> set.removeIf(ServerWebSocket::isClosed));
      byKey.values().removeIf(Set::isEmpty);
    }
    List<String> keys = Tokens.socketKeys(token);
    for (String key : keys) {
      byKey.computeIfAbsent(key, k -> new HashSet<>()).add(ws);
    }
    ws.endHandler(v -> keys.forEach(key -> byKey.computeIfPresent(key, (k, set) -> {
      set.remove(ws);
      return set.isEmpty() ? null : set;
    })));
  }

  private void close(String key) {
    Set<ServerWebSocket> sockets = byKey.remove(key);
    if (sockets != null) {
      for (ServerWebSocket ws : sockets) {
        ws.writeTextMessage(Frames.error("Signed out: this session has ended").toString())
            .eventually(() -> ws.close(LiveRoutes.UNAUTHORIZED, "session ended"));
      }
    }
  }
}
