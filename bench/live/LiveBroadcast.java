// Live fan-out benchmark: run by bench/live-broadcast.sh as a single-file program on the
// service's own jar (java -cp target/helpdesk.jar bench/live/LiveBroadcast.java ...).
// Latency = client receipt − the writer's HTTP answer for that change (same JVM, same
// monotonic clock). A receipt before the answer counts as 0 ms.
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

public class LiveBroadcast {

  static String base;
  static int port;
  static long pid;
  static String secret;
  static String adminToken;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static Vertx vertx;
  static WebSocketClient wsClient;
  static final byte[] MARK = "\"subject\":".getBytes(StandardCharsets.UTF_8);

  /** One run's receipts: (change seq, receipt nanos) pairs, per client class. */
  static final class Receipts {
    final AtomicInteger n = new AtomicInteger();
    final AtomicLongArray seq;
    final AtomicLongArray at;

    Receipts(int capacity) {
      seq = new AtomicLongArray(capacity);
      at = new AtomicLongArray(capacity);
    }

    void add(long s, long t) {
      int i = n.getAndIncrement();
      if (i < seq.length()) {
        seq.set(i, s);
        at.set(i, t);
      }
    }

    /** Latencies in ms of receipts whose change was answered (t0 known). */
    double[] latencies(long[] answered) {
      int count = Math.min(n.get(), seq.length());
      double[] out = new double[count];
      int k = 0;
      for (int i = 0; i < count; i++) {
        long t0 = answered[(int) seq.get(i)];
        if (t0 != 0) {
          out[k++] = Math.max(0, at.get(i) - t0) / 1e6;
        }
      }
      out = Arrays.copyOf(out, k);
      Arrays.sort(out);
      return out;
    }
  }

  public static void main(String[] args) throws Exception {
    base = args[0];
    pid = Long.parseLong(args[1]);
    secret = args[2];
    String mode = args[3];
    port = URI.create(base).getPort();
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(20_000)
        .setDefaultHost("127.0.0.1").setDefaultPort(port));
    adminToken = new JsonObject(send("POST", "/api/auth/login", new JsonObject()
        .put("email", "bench@bench.example").put("password", "bench-password-1").encode(), null)).getString("token");
    if (mode.equals("broadcast")) {
      int seconds = Integer.parseInt(args[4]);
      broadcast(100, 20, 8, false); // warm-up: JIT, pools, prepared statements
      System.out.println("| clients | changes/s | changes | receipts | missing | p50 ms | p99 ms | max ms | heap/conn KB | RSS/conn KB |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (String n : args[5].split(",")) {
        broadcast(Integer.parseInt(n), 20, seconds, true);
      }
    } else {
      desk(Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    }
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  // ---- broadcast: N staff sockets on `tickets`, a writer at `rate` changes per second

  static void broadcast(int clients, int rate, int seconds, boolean print) throws Exception {
    long[] memBefore = memory();
    long[] answered = new long[rate * seconds + 10];
    Receipts receipts = new Receipts(clients * (rate * seconds + 10));
    List<WebSocket> sockets = connect(clients, i -> adminToken, i -> "tickets",
        (i, buf, now) -> { long s = seqOf(buf); if (s >= 0) receipts.add(s, now); });
    long[] memAfter = memory();
    int changes = write(rate, seconds, answered, 1, 50);
    awaitQuiet(receipts.n, (long) clients * changes);
    double[] l = receipts.latencies(answered);
    long missing = (long) clients * changes - l.length;
    if (print) System.out.printf("| %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", clients, rate, changes,
        l.length, missing, pct(l, 50), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1],
        (memAfter[0] - memBefore[0]) / 1024.0 / clients, (memAfter[1] - memBefore[1]) / 1024.0 / clients);
    close(sockets);
  }

  // ---- a real desk: 200 agents on `tickets`, 20 wallboards, the rest requesters each on their ticket

  static void desk(int total, int seconds) throws Exception {
    int agents = 200;
    int walls = 20;
    int requesters = total - agents - walls;
    int rate = 50;
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    String wallToken = new JsonObject(send("POST", "/api/wallboard/links", null, adminToken)).getString("token");
    long[] memBefore = memory();
    long[] answered = new long[rate * seconds + 10];
    Receipts agentReceipts = new Receipts(agents * (rate * seconds + 10));
    Receipts requesterReceipts = new Receipts(rate * seconds * 2 + 10);
    Receipts wallReceipts = new Receipts(walls * (seconds + 10) * 4);
    List<long[]> wallFrames = new ArrayList<>(); // wallboard 0: (newest seq shown, receipt)
    List<WebSocket> sockets = new ArrayList<>();
    sockets.addAll(connect(agents, i -> adminToken, i -> "tickets",
        (i, buf, now) -> { long s = seqOf(buf); if (s >= 0) agentReceipts.add(s, now); }));
    sockets.addAll(connect(walls, i -> wallToken, i -> "wallboard", (i, buf, now) -> {
      long s = seqOf(buf); // the ticker's newest change
      if (s >= 0) {
        wallReceipts.add(s, now);
        if (i == 0) {
          synchronized (wallFrames) {
            wallFrames.add(new long[] {s, now});
          }
        }
      }
    }));
    sockets.addAll(connect(requesters, i -> requesterToken(jwt, i + 1), i -> "ticket:" + ref(i + 1),
        (i, buf, now) -> { long s = seqOf(buf); if (s >= 0) requesterReceipts.add(s, now); }));
    long[] memAfter = memory();
    int changes = write(rate, seconds, answered, 1, requesters);
    awaitQuiet(agentReceipts.n, (long) agents * changes);
    System.out.printf("%nReal desk: %d sockets (%d agents on tickets, %d wallboards, %d requesters on their own"
        + " ticket), writer at %d changes/s over the requesters' tickets for %d s (%d changes)%n%n",
        total, agents, walls, requesters, rate, seconds, changes);
    System.out.println("| client kind | receipts | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|");
    row("agents (every change)", agentReceipts.latencies(answered));
    row("requesters (own ticket)", requesterReceipts.latencies(answered));
    row("wallboards (frame vs newest change in it)", wallReceipts.latencies(answered));
    row("wallboards (change → first frame showing it)", staleness(wallFrames, answered, changes));
    System.out.printf("%nMemory: %.1f KB heap and %.1f KB RSS per connection (%d connections)%n",
        (memAfter[0] - memBefore[0]) / 1024.0 / total, (memAfter[1] - memBefore[1]) / 1024.0 / total, total);
    close(sockets);
  }

  static double[] staleness(List<long[]> frames, long[] answered, int changes) {
    List<Double> out = new ArrayList<>();
    synchronized (frames) {
      for (int s = 1; s <= changes; s++) {
        for (long[] f : frames) {
          if (f[0] >= s && answered[s] != 0) {
            out.add(Math.max(0, f[1] - answered[s]) / 1e6);
            break;
          }
        }
      }
    }
    double[] l = out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return l;
  }

  static void row(String name, double[] l) {
    System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", name, l.length, pct(l, 50), pct(l, 99),
        l.length == 0 ? 0 : l[l.length - 1]);
  }

  static String requesterToken(JWTAuth jwt, int contactId) {
    return jwt.generateToken(new JsonObject().put("sub", "contact:" + contactId).put("role", "requester")
        .put("name", "Bench " + contactId).put("email", "bench" + contactId + "@bench.example")
        .put("purpose", "session"), new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(60));
  }

  static String ref(long id) {
    return id < 1000 ? String.format("TKT-%03d", id) : "TKT-" + id;
  }

  // ---- the writer: PATCH subject "b-<seq>" on tickets first..last, `rate` per second

  static int write(int rate, int seconds, long[] answered, int first, int last) throws Exception {
    Random random = new Random(42);
    int total = rate * seconds;
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    int[] versions = new int[last + 1];
    for (int seq = 1; seq <= total; seq++) {
      long due = start + (seq - 1) * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int id = first + random.nextInt(last - first + 1);
      if (versions[id] == 0) {
        versions[id] = new JsonObject(send("GET", "/api/tickets/" + id, null, adminToken)).getInteger("version");
      }
      String body = new JsonObject().put("subject", "b-" + seq).put("version", versions[id]).encode();
      JsonObject updated = new JsonObject(send("PATCH", "/api/tickets/" + id, body, adminToken));
      answered[seq] = System.nanoTime();
      versions[id] = updated.getInteger("version");
    }
    return total;
  }

  // ---- sockets

  interface OnFrame {
    void frame(int client, Buffer data, long now);
  }

  interface IntFn {
    String apply(int i);
  }

  static List<WebSocket> connect(int n, IntFn token, IntFn topic, OnFrame onFrame) throws Exception {
    List<WebSocket> sockets = new ArrayList<>();
    int batch = 200;
    for (int from = 0; from < n; from += batch) {
      int to = Math.min(n, from + batch);
      CountDownLatch subscribed = new CountDownLatch(to - from);
      List<Future<WebSocket>> pending = new ArrayList<>();
      for (int i = from; i < to; i++) {
        int client = i;
        String t = topic.apply(i);
        pending.add(wsClient.connect(new WebSocketConnectOptions().setURI("/api/live?access_token=" + token.apply(i)))
            .onSuccess(ws -> {
              ws.handler(buf -> {
                long now = System.nanoTime();
                if (indexOf(buf, "\"subscribed\"") >= 0) {
                  subscribed.countDown();
                } else {
                  onFrame.frame(client, buf, now);
                }
              });
              ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("topic", t).encode());
            }));
      }
      for (Future<WebSocket> f : pending) {
        sockets.add(f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
      }
      if (!subscribed.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("subscriptions not acknowledged");
      }
    }
    Thread.sleep(500); // past the server's 250 ms resume window
    return sockets;
  }

  static void close(List<WebSocket> sockets) throws Exception {
    List<Future<Void>> closing = new ArrayList<>();
    for (WebSocket ws : sockets) {
      closing.add(ws.close());
    }
    Future.join(closing).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Thread.sleep(1000);
  }

  /** Waits until the expected receipts arrived or nothing arrives for 2 s. */
  static void awaitQuiet(AtomicInteger counter, long expected) throws InterruptedException {
    int last = -1;
    long quietSince = System.nanoTime();
    while (counter.get() < expected && System.nanoTime() - quietSince < 2_000_000_000L) {
      int now = counter.get();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
      Thread.sleep(50);
    }
  }

  static long seqOf(Buffer buf) {
    int i = indexOf(buf, MARK);
    if (i < 0) {
      return -1;
    }
    int p = i + MARK.length;
    while (p < buf.length() && buf.getByte(p) == ' ') {
      p++;
    }
    if (p + 3 > buf.length() || buf.getByte(p) != '"' || buf.getByte(p + 1) != 'b' || buf.getByte(p + 2) != '-') {
      return -1;
    }
    long seq = 0;
    for (p += 3; p < buf.length(); p++) {
      byte b = buf.getByte(p);
      if (b < '0' || b > '9') {
        break;
      }
      seq = seq * 10 + (b - '0');
    }
    return seq;
  }

  static int indexOf(Buffer buf, String s) {
    return indexOf(buf, s.getBytes(StandardCharsets.UTF_8));
  }

  static int indexOf(Buffer buf, byte[] needle) {
    int n = buf.length() - needle.length;
    outer:
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (buf.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ---- the service's memory: heap used after a full GC, and RSS, in bytes

  static long[] memory() throws Exception {
    run("jcmd", String.valueOf(pid), "GC.run");
    Thread.sleep(500);
    String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
    long heap = 0;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
    if (m.find()) {
      heap = Long.parseLong(m.group(1)) * 1024;
    }
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
      }
    }
    return new long[] {heap, rss};
  }

  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  static String send(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(java.time.Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
