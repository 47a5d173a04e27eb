package dev.helpdesk.live;

import dev.helpdesk.http.HttpVerticle;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open sockets of one hub: admits a new one (or refuses it past the per-person cap),
 * greets it, hands its text frames to the hub, pings them all, drops the silent ones, and
 * closes those a {@link Disconnect} names. Runs on the hub's event loop.
 */
final class Connections {

  private static final Logger log = LoggerFactory.getLogger(Connections.class);

  static final long HEARTBEAT_MS = 25_000;
  static final long SILENCE_MS = 80_000;
  /** Close code when a person already has the most live connections allowed on this instance. */
  static final short TOO_MANY_CONNECTIONS = 4429;

  /** What the hub does with a socket's frames and with its end. */
  interface Listener {
    void text(LiveSocket s, String text);

    void closed(LiveSocket s);
  }

  private final LiveService service;
  private final LongSupplier lastLiveId;
  private final Listener listener;
  private final Set<LiveSocket> sockets = new HashSet<>();

  Connections(LiveService service, LongSupplier lastLiveId, Listener listener) {
    this.service = service;
    this.lastLiveId = lastLiveId;
    this.listener = listener;
  }

  int size() {
    return sockets.size();
  }

  void open(ServerWebSocket ws, Viewer viewer) {
    if (!service.admit(viewer)) {
      String detail = "Too many live connections: at most " + service.maxSocketsPerUser()
          + " per person; close another tab or device";
      ws.writeTextMessage(Frames.error(detail).toString())
          .eventually(() -> ws.close(TOO_MANY_CONNECTIONS, "too many connections"));
      return;
    }
    LiveSocket s = new LiveSocket(service.nextSocketId(), ws, viewer, System.currentTimeMillis());
    sockets.add(s);
    ws.drainHandler(v -> s.flush());
    ws.textMessageHandler(text -> listener.text(s, text));
    ws.binaryMessageHandler(b -> s.send(Frames.error("Send JSON text frames, not binary ones")));
    ws.pongHandler(b -> s.lastHeard = System.currentTimeMillis());
    ws.exceptionHandler(e -> {
      if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
        // Vert.x dropped a message over the maximum: say so instead of leaving the client waiting
        s.send(Frames.error("A message may hold at most " + HttpVerticle.MAX_WEBSOCKET_MESSAGE / 1024
            + " KB (a frame at most 16 KB); this one was dropped"));
      } else {
        log.debug("Live socket {} failed: {}", s.id, e.getMessage());
      }
    });
    // from the first close frame, either way, nothing more is written: a frame sent after it
    // breaks the client's closing handshake (Chromium: "Data frame received after close")
    ws.shutdownHandler(v -> remove(s));
    ws.closeHandler(v -> remove(s));
    s.send(Frames.of(new JsonObject().put("type", "hello").put("lastEventId", lastLiveId.getAsLong())
        .put("heartbeatSeconds", HEARTBEAT_MS / 1000).put("user", viewer.toJson())));
    ws.resume();
  }

  /** Pings every socket and tells clients the feed is alive; drops the silent, hands the others to {@code alive}. */
  void heartbeat(Followers.Visit alive) {
    long now = System.currentTimeMillis();
    Buffer beat = Frames.of(new JsonObject().put("type", "heartbeat").put("lastEventId", lastLiveId.getAsLong()));
    for (LiveSocket s : sockets.toArray(LiveSocket[]::new)) {
      if (now - s.lastHeard > SILENCE_MS) {
        s.close((short) 1001, "No answer to pings");
        continue;
      }
      s.ws.writePing(Buffer.buffer());
      s.send(beat);
      alive.visit(s);
    }
  }

  /** Closes every socket the order names; returns how many. */
  int disconnect(Disconnect order) {
    int n = 0;
    for (LiveSocket s : sockets.toArray(LiveSocket[]::new)) {
      if (order.matches(s.viewer)) {
        s.close(order.code(), order.reason());
        n++;
      }
    }
    return n;
  }

  private void remove(LiveSocket s) {
    if (!sockets.remove(s)) {
      return;
    }
    service.release(s.viewer);
    listener.closed(s);
    s.closed();
  }
}
