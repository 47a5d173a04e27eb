// Soak run: run by bench/soak.sh as a single-file program on the service's own jar
// (java -cp target/helpdesk.jar bench/soak/Soak.java <base> <pid> <secret> <db> <minutes> <sockets> <agents> <requesters> <out>).
// N WebSocket clients (staff agents on `tickets`, requesters on `tickets` and their own ticket) and a
// steady API mix (creates, replies, updates, list queries, ~30 req/s) for the given minutes. Every 30 s:
// heap after a full GC (jcmd GC.run + GC.heap_info), open DB connections (pg_stat_activity), open sockets.
// Per minute: p50/p99 of the API mix and of event delivery (HTTP answer → receipt on a probe socket).
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
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Soak {

  static String base;
  static long pid;
  static String db;
  static String adminToken;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final AtomicInteger open = new AtomicInteger();
  static final AtomicInteger unexpectedCloses = new AtomicInteger();
  static final AtomicInteger apiErrors = new AtomicInteger();
  static final AtomicLong framesReceived = new AtomicLong();
  static final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
  /** change key (ref or message id) → nanos of its HTTP answer */
  static final Map<String, Long> answered = new ConcurrentHashMap<>();
  static volatile boolean stopping;

  record Receipt(String key, long at) {}

  static final java.util.concurrent.ConcurrentLinkedQueue<Receipt> receipts = new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Per-minute latency samples, in ms. */
  static final class Minute {
    final List<Double> api = Collections.synchronizedList(new ArrayList<>());
    final List<Double> delivery = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger requests = new AtomicInteger();
  }

  static final Minute[] minutes = new Minute[240];
  static volatile long startNanos;

  static Minute minute() {
    int m = (int) ((System.nanoTime() - startNanos) / 60_000_000_000L);
    return minutes[Math.min(m, minutes.length - 1)];
  }

  public static void main(String[] args) throws Exception {
    base = args[0];
    pid = Long.parseLong(args[1]);
    String secret = args[2];
    db = args[3];
    int runMinutes = Integer.parseInt(args[4]);
    int sockets = Integer.parseInt(args[5]);
    int agents = Integer.parseInt(args[6]);
    int requesters = Integer.parseInt(args[7]);
    Path out = Path.of(args[8]);
    for (int i = 0; i < minutes.length; i++) {
      minutes[i] = new Minute();
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    URI uri = URI.create(base);
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setDefaultHost(uri.getHost())
        .setDefaultPort(uri.getPort()).setMaxConnections(sockets + 100).setConnectTimeout(30_000));
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    adminToken = new JsonObject(call("POST", "/api/auth/login", "{\"email\":\"bench@bench.example\","
        + "\"password\":\"bench-password-1\"}", null).body()).getString("token");

    for (int c = 1; c <= requesters; c++) {
      HttpResponse<String> r = call("POST", "/api/tickets", new JsonObject().put("subject", "desk " + c)
          .put("description", "A realistic description. ".repeat(20))
          .put("requester", new JsonObject().put("type", "contact").put("id", c))
          .put("channel", "web").put("priority", "medium").put("category", "general").encode(), adminToken);
      if (r.statusCode() != 201 || !new JsonObject(r.body()).getString("ref").equals(String.format("TKT-%03d", c))) {
        throw new IllegalStateException("seeding ticket " + c + ": " + r.statusCode() + " " + r.body());
      }
    }
    // half staff (agents 2..agents+1, ≤ 20 sockets each), half requesters (contact i owns ticket i)
    int staffSockets = sockets / 2;
    int requesterSockets = sockets - staffSockets;
    List<WebSocket> all = new ArrayList<>();
    int probes = 10;
    for (int i = 0; i < staffSockets; i++) {
      long user = 2 + (i % agents);
      String token = jwt.generateToken(new JsonObject().put("sub", "user:" + user).put("role", "agent")
          .put("name", "Agent " + user).put("email", "agent" + user + "@bench.example").put("purpose", "session"),
          new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(24 * 60));
      all.add(connect(ws, token, List.of("tickets"), i < probes));
      if (i % 200 == 199) {
        Thread.sleep(200);
      }
    }
    for (int i = 0; i < requesterSockets; i++) {
      int contact = 1 + (i % requesters);
      String token = jwt.generateToken(new JsonObject().put("sub", "contact:" + contact).put("role", "requester")
          .put("name", "Bench " + contact).put("email", "bench" + contact + "@bench.example")
          .put("purpose", "session"), new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(24 * 60));
      all.add(connect(ws, token, List.of("tickets", "ticket:TKT-" + String.format("%03d", contact)), false));
      if (i % 200 == 199) {
        Thread.sleep(200);
      }
    }
    System.out.printf("%d sockets open (%d staff over %d agents, %d requesters)%n", open.get(), staffSockets, agents,
        requesterSockets);

    startNanos = System.nanoTime();
    long endNanos = startNanos + runMinutes * 60_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<String[]> samples = new ArrayList<>();
    long nextSample = System.nanoTime();
    Random random = new Random(42);
    long tick = 0;
    long periodNanos = 1_000_000_000L / 30;
    while (System.nanoTime() < endNanos) {
      if (System.nanoTime() >= nextSample) {
        nextSample += 30_000_000_000L;
        pool.submit(() -> {
          String[] s = sample();
          synchronized (samples) {
            samples.add(s);
          }
          System.out.println("sample " + String.join(" ", s));
        });
      }
      int op = random.nextInt(100);
      int contact = 1 + random.nextInt(requesters);
      pool.submit(() -> operation(op, contact));
      tick++;
      long due = startNanos + tick * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    Thread.sleep(3000);
    String[] last = sample();
    samples.add(last);
    stopping = true;
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);

    try (PrintStream p = new PrintStream(Files.newOutputStream(out), true, StandardCharsets.UTF_8)) {
      report(p, runMinutes, sockets, agents, samples);
    }
    System.out.print(Files.readString(out));
    for (WebSocket w : all) {
      w.close();
    }
    vertx.close();
    System.exit(0);
  }

  static WebSocket connect(WebSocketClient client, String token, List<String> topics, boolean probe) throws Exception {
    WebSocket socket = client.connect(new WebSocketConnectOptions().setURI("/api/live?access_token=" + token))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    open.incrementAndGet();
    socket.closeHandler(v -> {
      open.decrementAndGet();
      if (!stopping) {
        unexpectedCloses.incrementAndGet();
        errorSamples.add("socket closed: " + socket.closeStatusCode() + " " + socket.closeReason());
      }
    });
    // a later event may repeat a ticket's version (an SLA state change): only the first carrying a change counts
    java.util.Set<String> timed = probe ? new java.util.HashSet<>() : null;
    socket.handler(buf -> {
      framesReceived.incrementAndGet();
      if (probe) {
        long now = System.nanoTime();
        String key = keyOf(buf.toString(StandardCharsets.UTF_8));
        if (key != null && timed.add(key)) {
          receipts.add(new Receipt(key, now)); // matched with the HTTP answer at the end: it may come first
        }
      }
    });
    for (String topic : topics) {
      socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("topic", topic).encode());
    }
    return socket;
  }

  static final Pattern EVENT = Pattern.compile("\"kind\":\"(ticket\\.created|ticket\\.updated|message\\.created)\"");

  /** The change an event frame reports: c:REF for creates, u:REF:version for updates, m:id for replies. */
  static String keyOf(String frame) {
    Matcher m = EVENT.matcher(frame);
    if (!m.find()) {
      return null;
    }
    JsonObject data = new JsonObject(frame).getJsonObject("data");
    return switch (m.group(1)) {
      case "ticket.created" -> "c:" + data.getString("ref");
      case "ticket.updated" -> "u:" + data.getString("ref") + ":" + data.getInteger("version");
      default -> "m:" + data.getJsonObject("message").getLong("id");
    };
  }

  static void operation(int op, int contact) {
    try {
      String ref = "TKT-" + String.format("%03d", contact);
      if (op < 20) {
        HttpResponse<String> r = timed("POST", "/api/tickets", new JsonObject().put("subject", "Soak " + System.nanoTime())
            .put("description", "A steady stream of work. ".repeat(10))
            .put("requester", new JsonObject().put("type", "contact").put("id", contact))
            .put("channel", "web").put("priority", "medium").put("category", "general").encode(), 201);
        if (r != null) {
          answered.put("c:" + new JsonObject(r.body()).getString("ref"), System.nanoTime());
        }
      } else if (op < 45) {
        HttpResponse<String> r = timed("POST", "/api/tickets/" + ref + "/messages",
            new JsonObject().put("type", "reply").put("body", "Soak reply " + System.nanoTime()).encode(), 201);
        if (r != null) {
          answered.put("m:" + new JsonObject(r.body()).getLong("id"), System.nanoTime());
        }
      } else if (op < 70) {
        HttpResponse<String> g = timed("GET", "/api/tickets/" + ref, null, 200);
        if (g == null) {
          return;
        }
        int version = new JsonObject(g.body()).getInteger("version");
        String[] priorities = {"low", "medium", "high", "urgent"};
        HttpResponse<String> r = call("PATCH", "/api/tickets/" + ref, new JsonObject().put("version", version)
            .put("priority", priorities[(int) (System.nanoTime() % 4 + 4) % 4]).encode(), adminToken);
        if (r.statusCode() == 409) {
          return; // another writer got there first: the client would reload; not an error
        }
        record("PATCH", r, 200);
        if (r.statusCode() == 200) {
          answered.put("u:" + ref + ":" + (version + 1), System.nanoTime());
        }
      } else {
        String[] queries = {"q=status:open&sort=-updated", "q=priority:urgent,high", "q=soak&sort=created",
            "preset=urgent_unassigned", "q=requester:bench" + contact + "@bench.example", "limit=200"};
        timed("GET", "/api/tickets?" + queries[op % queries.length], null, 200);
      }
    } catch (Exception e) {
      apiErrors.incrementAndGet();
      errorSamples.add(String.valueOf(e));
    }
  }

  static HttpResponse<String> timed(String method, String path, String body, int expected) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = call(method, path, body, adminToken);
    Minute m = minute();
    m.api.add((System.nanoTime() - t0) / 1e6);
    m.requests.incrementAndGet();
    return record(method + " " + path, r, expected) ? r : null;
  }

  static boolean record(String what, HttpResponse<String> r, int expected) {
    if (r.statusCode() != expected) {
      apiErrors.incrementAndGet();
      if (errorSamples.size() < 50) {
        errorSamples.add(what + " → " + r.statusCode() + " " + r.body());
      }
      return false;
    }
    return true;
  }

  static HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  // ---- samples: elapsed s, heap after GC MB, DB connections, open client sockets, service fds

  static String[] sample() {
    String elapsed = String.valueOf((System.nanoTime() - startNanos) / 1_000_000_000L);
    String heap = "?";
    try {
      run("jcmd", String.valueOf(pid), "GC.run");
      Matcher m = Pattern.compile("used (\\d+)K").matcher(run("jcmd", String.valueOf(pid), "GC.heap_info"));
      if (m.find()) {
        heap = String.format("%.1f", Long.parseLong(m.group(1)) / 1024.0);
      }
    } catch (Exception e) {
      heap = "?";
    }
    String conns = "?";
    try {
      conns = run("psql", "-h", System.getenv().getOrDefault("BENCH_PG_HOST", "127.0.0.1"), "-p",
          System.getenv().getOrDefault("BENCH_PG_PORT", "5432"), "-U",
          System.getenv().getOrDefault("BENCH_PG_USER", "postgres"), "-Atqc",
          "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db + "'").strip();
    } catch (Exception e) {
      conns = "?";
    }
    String fds;
    try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      fds = String.valueOf(s.count());
    } catch (Exception e) {
      fds = "?";
    }
    return new String[] {elapsed, heap, conns, String.valueOf(open.get()), fds};
  }

  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return text;
  }

  // ---- the report

  static double pct(List<Double> values, double p) {
    double[] a;
    synchronized (values) {
      a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
    return a.length == 0 ? 0 : a[Math.min(a.length - 1, (int) Math.ceil(p / 100 * a.length) - 1)];
  }

  static void report(PrintStream p, int runMinutes, int sockets, int agents, List<String[]> samples) {
    p.printf("# Soak, %s: %d min, %d WebSocket clients (half staff over %d agents on `tickets`, half requesters on"
        + " `tickets` + their ticket), API mix ~30 req/s (20%% creates, 25%% replies, 25%% GET+PATCH, 30%% lists)%n%n",
        Instant.now().toString().substring(0, 16) + "Z", runMinutes, sockets, agents);
    p.println("| at s | heap after GC MB | DB connections | open client sockets | service fds |");
    p.println("|---:|---:|---:|---:|---:|");
    for (String[] s : samples) {
      p.printf("| %s | %s | %s | %s | %s |%n", (Object[]) s);
    }
    p.println();
    p.println("| minute | API requests | API p50 ms | API p99 ms | events timed | delivery p50 ms | delivery p99 ms |");
    p.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (Receipt r : receipts) {
      Long at = answered.get(r.key());
      if (at != null) {
        int m = (int) ((at - startNanos) / 60_000_000_000L);
        if (m >= 0 && m < minutes.length) {
          minutes[m].delivery.add(Math.max(0, r.at() - at) / 1e6);
        }
      }
    }
    List<Double> apiP99 = new ArrayList<>();
    List<Double> deliveryP99 = new ArrayList<>();
    for (int i = 0; i < runMinutes; i++) {
      Minute m = minutes[i];
      double a99 = pct(m.api, 99);
      double d99 = pct(m.delivery, 99);
      apiP99.add(a99);
      deliveryP99.add(d99);
      p.printf("| %d | %d | %.1f | %.1f | %d | %.1f | %.1f |%n", i + 1, m.requests.get(), pct(m.api, 50), a99,
          m.delivery.size(), pct(m.delivery, 50), d99);
    }
    p.println();
    // verdicts: heap/connections compared between the first sample after warm-up (≥ 60 s) and the last third
    List<Double> heaps = new ArrayList<>();
    List<Integer> conns = new ArrayList<>();
    for (String[] s : samples) {
      if (Long.parseLong(s[0]) >= 60) {
        try {
          heaps.add(Double.parseDouble(s[1]));
          conns.add(Integer.parseInt(s[2]));
        } catch (NumberFormatException e) {
          // a missed sample
        }
      }
    }
    boolean noErrors = apiErrors.get() == 0 && unexpectedCloses.get() == 0;
    double heapFirst = heaps.isEmpty() ? 0 : heaps.get(0);
    double heapLate = heaps.isEmpty() ? 0 : heaps.subList(heaps.size() * 2 / 3, heaps.size()).stream()
        .mapToDouble(Double::doubleValue).average().orElse(0);
    boolean heapFlat = !heaps.isEmpty() && heapLate <= heapFirst * 1.25 + 16;
    int connMin = conns.stream().mapToInt(Integer::intValue).min().orElse(0);
    int connMax = conns.stream().mapToInt(Integer::intValue).max().orElse(0);
    boolean connFlat = !conns.isEmpty() && connMax - connMin <= 4;
    double median = apiP99.stream().sorted().toList().get(apiP99.size() / 2);
    double lastP99 = apiP99.get(apiP99.size() - 1);
    boolean p99Stable = lastP99 <= Math.max(2 * median, median + 50);
    double dMedian = deliveryP99.stream().sorted().toList().get(deliveryP99.size() / 2);
    boolean dStable = deliveryP99.get(deliveryP99.size() - 1) <= Math.max(2 * dMedian, dMedian + 50);
    p.printf("- errors: %d API errors, %d unexpected socket closes, %d frames received%s%n", apiErrors.get(),
        unexpectedCloses.get(), framesReceived.get(), errorSamples.isEmpty() ? "" : "; first: " + errorSamples.subList(0,
            Math.min(3, errorSamples.size())));
    p.printf("- heap after GC: %.1f MB at warm-up, %.1f MB average over the last third → %s%n", heapFirst, heapLate,
        heapFlat ? "flat" : "GROWING");
    p.printf("- DB connections: %d..%d → %s%n", connMin, connMax, connFlat ? "flat" : "GROWING");
    p.printf("- API p99: median minute %.1f ms, last minute %.1f ms → %s; delivery p99: median %.1f ms, last %.1f ms → %s%n",
        median, lastP99, p99Stable ? "stable" : "UNSTABLE", dMedian, deliveryP99.get(deliveryP99.size() - 1),
        dStable ? "stable" : "UNSTABLE");
    boolean pass = noErrors && heapFlat && connFlat && p99Stable && dStable;
    p.println();
    p.println("SOAK " + (pass ? "PASS" : "FAIL"));
  }
}
