package dev.helpdesk.reliability;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live client that behaves like webroot/shared/live.js: follows {@code tickets}, and when
 * the server closes the socket (1012 on a graceful stop) reconnects at once, subscribes and
 * resumes after the last event it saw. Counts every event id it receives, and duplicates.
 */
final class ResumingLiveClient {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String url;
  private final Set<Long> received = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final java.util.Queue<String> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final CompletableFuture<Long> hello = new CompletableFuture<>();
  private volatile long lastId = -1;
  private volatile boolean closed;
  private volatile WebSocket socket;

  private ResumingLiveClient(String url) {
    this.url = url;
  }

  static ResumingLiveClient connect(String baseUrl, String token) throws Exception {
    ResumingLiveClient c = new ResumingLiveClient(baseUrl.replaceFirst("^http", "ws") + "/api/live?access_token="
        + token);
    c.open();
    c.hello.get(10, TimeUnit.SECONDS);
    return c;
  }

  /** The event id the first hello named: everything after it must arrive. */
  long startedAfter() {
    return hello.join();
  }

  Set<Long> received() {
    return received;
  }

  long duplicates() {
    return duplicates.get();
  }

  /** Error and resync frames, and sends that failed: none is expected. */
  java.util.Collection<String> errors() {
    return errors;
  }

  long lastId() {
    return lastId;
  }

  long reconnects() {
    return reconnects.get();
  }

  void close() {
    closed = true;
    if (socket != null) {
      socket.abort();
    }
  }

  private void open() {
    socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).join();
  }

  private void reconnect() {
    if (closed) {
      return;
    }
    reconnects.incrementAndGet();
    long deadline = System.currentTimeMillis() + 120_000;
    while (!closed && System.currentTimeMillis() < deadline) {
      try {
        open();
        return;
      } catch (RuntimeException e) {
        try {
          Thread.sleep(100); // both instances briefly unreachable: try again, as the page would
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private final class Listener implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();
    private boolean gone;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frame(ws, new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    private void frame(WebSocket ws, JsonObject f) {
      switch (f.getString("type")) {
        case "hello" -> {
          long at = lastId >= 0 ? lastId : f.getLong("lastEventId");
          if (lastId < 0) {
            lastId = at;
            hello.complete(at);
          }
          // one send at a time (java.net.http refuses a second while the first is outstanding)
          ws.sendText("{\"type\":\"subscribe\",\"topic\":\"tickets\"}", true)
              .thenCompose(w -> w.sendText("{\"type\":\"resume\",\"after\":" + at + "}", true))
              .exceptionally(e -> {
                errors.add("resume not sent: " + e);
                return null;
              });
        }
        case "event" -> {
          long id = f.getLong("id");
          if (!received.add(id)) {
            duplicates.incrementAndGet();
          }
          lastId = Math.max(lastId, id);
        }
        case "error", "resync" -> errors.add(f.encode());
        default -> {
          // subscribed, resumed, heartbeat
        }
      }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      lost();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      lost();
    }

    private void lost() {
      if (!gone) {
        gone = true;
        CompletableFuture.runAsync(ResumingLiveClient.this::reconnect);
      }
    }
  }
}
