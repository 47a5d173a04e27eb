package dev.helpdesk.support;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test client of /api/live: sends frames, keeps every frame received, waits for the ones a test expects. */
public final class LiveClient implements AutoCloseable {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  public static final Duration WAIT = Duration.ofSeconds(10);

  private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket ws;

  private LiveClient(String baseUrl, String token) {
    String url = baseUrl.replaceFirst("^http", "ws") + "/api/live?access_token="
        + URLEncoder.encode(token, StandardCharsets.UTF_8);
    this.ws = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(url), new Listener()).join();
  }

  /** Connects and waits for the server's hello. */
  public static LiveClient connect(String baseUrl, String token) {
    LiveClient client = new LiveClient(baseUrl, token);
    client.next(f -> "hello".equals(f.getString("type")) || "error".equals(f.getString("type")));
    return client;
  }

  public static LiveClient connect(TestApp app, Api api) {
    return connect(app.baseUrl(), api.token());
  }

  public LiveClient send(JsonObject frame) {
    return sendText(frame.encode());
  }

  public LiveClient sendText(String text) {
    ws.sendText(text, true).join();
    return this;
  }

  /** Subscribes and waits for the acknowledgement (which names the topic as the server spells it). */
  public LiveClient subscribe(String topic) {
    send(new JsonObject().put("type", "subscribe").put("topic", topic));
    JsonObject answer = next(f -> "subscribed".equals(f.getString("type")) || "error".equals(f.getString("type")));
    if (!"subscribed".equals(answer.getString("type"))) {
      throw new AssertionError("subscribe " + topic + " refused: " + answer);
    }
    return this;
  }

  /** Sends resume and waits until the replay is done ({@code resumed}); returns that frame. */
  public JsonObject resume(long after) {
    send(new JsonObject().put("type", "resume").put("after", after));
    return next(f -> "resumed".equals(f.getString("type")) || "resync".equals(f.getString("type")));
  }

  /** The next frame (in arrival order, skipping others) that matches; fails after {@link #WAIT}. */
  public JsonObject next(Predicate<JsonObject> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject frame = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
        if (frame == null) {
          throw new AssertionError("No matching frame within " + WAIT + "; got " + seen());
        }
        if (wanted.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next event of that kind whose data matches. */
  public JsonObject nextEvent(String kind, Predicate<JsonObject> data) {
    return next(f -> "event".equals(f.getString("type")) && kind.equals(f.getString("kind"))
        && data.test(f.getJsonObject("data")));
  }

  /** Every frame received so far, in order (including those {@link #next} skipped). */
  public synchronized List<JsonObject> seen() {
    return new ArrayList<>(seen);
  }

  public List<JsonObject> events() {
    return seen().stream().filter(f -> "event".equals(f.getString("type"))).toList();
  }

  /** Drops the connection without a closing handshake, as a network failure would. */
  public void drop() {
    ws.abort();
  }

  /** The close code the server sent, once it closed. */
  public int awaitClose() {
    return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public boolean isOpen() {
    return !ws.isInputClosed() && !closed.isDone();
  }

  @Override
  public void close() {
    if (!ws.isOutputClosed()) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
  }

  private synchronized void received(JsonObject frame) {
    seen.add(frame);
    inbox.add(frame);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received(new JsonObject(partial.toString()));
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
