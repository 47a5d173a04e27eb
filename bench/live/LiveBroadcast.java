// Live fan-out benchmark: run by bench/live-broadcast.sh as a single-file program on the
// service's own jar (java -cp target/helpdesk.jar bench/live/LiveBroadcast.java ...).
// bench/live/NotifyLatency.java reuses its pieces (sockets, receiver, /proc CPU, HTTP):
// bench/notify-latency.sh compiles the two together.
//
// Latency = client receipt − the writer's HTTP answer for that change (same JVM, same
// monotonic clock); a receipt before the answer counts as 0 ms. The receivers are cheap on
// purpose, so that they are not what the figure measures: plain NIO sockets on one selector
// thread, no WebSocket library, no JSON; each frame's header is parsed and only the first
// bytes of its payload are looked at (for "subject":"b-<seq>"), the rest skipped by length.
// The client's own CPU share is printed beside the service's and PostgreSQL's (from /proc),
// and the service's own share of each event (helpdesk_live_fanout_seconds in /metrics:
// from reading the event to writing it to the last socket) beside the end-to-end figure.
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class LiveBroadcast {

  static String base;
  static int port;
  static long pid;
  static String secret;
  static String db;
  static String adminToken;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int AGENT = 0, REQUESTER = 1, WALL = 2;

  public static void main(String[] args) throws Exception {
    base = args[0];
    pid = Long.parseLong(args[1]);
    secret = args[2];
    db = args[3];
    String mode = args[4];
    port = URI.create(base).getPort();
    adminToken = new JsonObject(send("POST", "/api/auth/login", new JsonObject()
        .put("email", "bench@bench.example").put("password", "bench-password-1").encode(), null)).getString("token");
    Receiver receiver = new Receiver();
    Thread t = new Thread(receiver, "receiver");
    t.setDaemon(true);
    t.start();
    if (mode.equals("broadcast")) {
      int seconds = Integer.parseInt(args[5]);
      broadcast(receiver, 100, 20, 8, false); // warm-up: JIT, pools, prepared statements
      System.out.println("| sockets | changes | receipts | missing | p50 ms | p99 ms | max ms | service fan-out p50 / p99 / max ms"
          + " | CPU service | CPU PostgreSQL | CPU client | service CPU µs/frame | heap/conn KB | RSS/conn KB |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
      for (String n : args[6].split(",")) {
        broadcast(receiver, Integer.parseInt(n), 20, seconds, true);
      }
    } else {
      desk(receiver, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
    }
  }

  // ---- broadcast: N staff sockets on `tickets`, a writer at `rate` changes per second

  static void broadcast(Receiver receiver, int clients, int rate, int seconds, boolean print) throws Exception {
    long[] memBefore = memory();
    long[] answered = new long[rate * seconds + 10];
    List<Conn> conns = connect(receiver, clients, i -> adminToken, i -> "tickets", i -> AGENT, false);
    long[] memAfter = memory();
    receiver.reset();
    Usage usage = Usage.start();
    Fanout fanout = Fanout.scrape();
    int changes = write(rate, seconds, answered, 1, 50);
    awaitQuiet(receiver, (long) clients * changes);
    Usage used = usage.stop();
    Fanout service = Fanout.scrape().minus(fanout);
    double[] l = receiver.latencies(AGENT, answered);
    long missing = (long) clients * changes - l.length;
    if (print) {
      System.out.printf("| %d | %d | %d | %d | %.1f | %.1f | %.1f | %s | %s | %s | %s | %s | %.1f | %.1f |%n", clients,
          changes, l.length, missing, pct(l, 50), pct(l, 99), max(l), service, used.serviceCpu(), used.postgresCpu(),
          used.clientCpu(), used.perFrame(service.written() > 0 ? service.written() : l.length),
          (memAfter[0] - memBefore[0]) / 1024.0 / clients, (memAfter[1] - memBefore[1]) / 1024.0 / clients);
    }
    close(receiver, conns);
  }

  // ---- a real desk: 200 agents on `tickets`, 20 wallboards, the rest requesters each on their ticket

  static void desk(Receiver receiver, int total, int seconds) throws Exception {
    int agents = 200;
    int walls = 20;
    int requesters = total - agents - walls;
    int rate = 50;
    JWTAuth jwt = JWTAuth.create(Vertx.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    String wallToken = new JsonObject(send("POST", "/api/wallboard/links", null, adminToken)).getString("token");
    long[] memBefore = memory();
    long[] answered = new long[rate * seconds + 10];
    List<Conn> conns = new ArrayList<>();
    conns.addAll(connect(receiver, agents, i -> adminToken, i -> "tickets", i -> AGENT, false));
    conns.addAll(connect(receiver, walls, i -> wallToken, i -> "wallboard", i -> WALL, true));
    conns.addAll(connect(receiver, requesters, i -> requesterToken(jwt, i + 1), i -> "ticket:" + ref(i + 1),
        i -> REQUESTER, false));
    long[] memAfter = memory();
    receiver.reset();
    Usage usage = Usage.start();
    Fanout fanout = Fanout.scrape();
    int changes = write(rate, seconds, answered, 1, requesters);
    awaitQuiet(receiver, (long) agents * changes + changes);
    Thread.sleep(1500); // the last wallboard frame (coalesced: at most one a second)
    Usage used = usage.stop();
    Fanout service = Fanout.scrape().minus(fanout);
    System.out.printf("%nReal desk: %d sockets (%d agents on tickets, %d wallboards, %d requesters on their own"
        + " ticket), writer at %d changes/s over the requesters' tickets for %d s (%d changes)%n%n",
        total, agents, walls, requesters, rate, seconds, changes);
    System.out.println("| client kind | receipts | expected | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    row("agents (every change)", receiver.latencies(AGENT, answered), (long) agents * changes);
    row("requesters (own ticket)", receiver.latencies(REQUESTER, answered), changes);
    row("wallboards (frame vs newest change in it)", receiver.latencies(WALL, answered), -1);
    row("wallboards (change → first frame showing it)", receiver.staleness(answered, changes), changes);
    System.out.printf("%nService fan-out (event read → last socket written, p50 / p99 / max ms): %s%n", service);
    System.out.printf("CPU over the run (share of one core): service %s (%s µs per frame written), PostgreSQL %s,"
        + " client %s%n", used.serviceCpu(), used.perFrame(service.written()), used.postgresCpu(), used.clientCpu());
    System.out.printf("Memory: %.1f KB heap and %.1f KB RSS per connection (%d connections)%n",
        (memAfter[0] - memBefore[0]) / 1024.0 / total, (memAfter[1] - memBefore[1]) / 1024.0 / total, total);
    close(receiver, conns);
  }

  static void row(String name, double[] l, long expected) {
    System.out.printf("| %s | %d | %s | %.1f | %.1f | %.1f |%n", name, l.length, expected < 0 ? "" : expected,
        pct(l, 50), pct(l, 99), max(l));
  }

  static String requesterToken(JWTAuth jwt, int contactId) {
    return jwt.generateToken(new JsonObject().put("sub", "contact:" + contactId).put("role", "requester")
        .put("name", "Bench " + contactId).put("email", "bench" + contactId + "@bench.example")
        .put("purpose", "session").put("sid", "bench-contact-" + contactId), new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(60));
  }

  static String ref(long id) {
    return id < 1000 ? String.format("TKT-%03d", id) : "TKT-" + id;
  }

  // ---- the writers: PATCH subject "b-<seq>", `rate` per second in all, over tickets first..last.
  // Four writers take turns (change seq goes to writer seq % 4), each on its own tickets, so that a
  // slow answer delays no other change and no two writers race for one ticket's version.

  static final int WRITERS = 4;

  static int write(int rate, int seconds, long[] answered, int first, int last) throws Exception {
    int total = rate * seconds;
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      done.add(pool.submit(() -> {
        Random random = new Random(42 + writer);
        Map<Integer, Integer> versions = new java.util.HashMap<>();
        for (int seq = 1 + writer; seq <= total; seq += WRITERS) {
          long wait = start + (seq - 1) * interval - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          int slots = (last - first + 1 - writer + WRITERS - 1) / WRITERS;
          int id = first + writer + WRITERS * random.nextInt(Math.max(1, slots));
          Integer version = versions.get(id);
          if (version == null) {
            version = new JsonObject(send("GET", "/api/tickets/" + id, null, adminToken)).getInteger("version");
          }
          String body = new JsonObject().put("subject", "b-" + seq).put("version", version).encode();
          JsonObject updated = new JsonObject(send("PATCH", "/api/tickets/" + id, body, adminToken));
          answered[seq] = System.nanoTime();
          versions.put(id, updated.getInteger("version"));
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double took = (System.nanoTime() - start) / 1e9;
    if (took > seconds * 1.1 + 1) {
      System.out.printf("(the writers fell behind: %d changes took %.1f s instead of %d)%n", total, took, seconds);
    }
    return total;
  }

  // ---- sockets: handshakes on a few threads (blocking), then one selector thread reads them all

  interface IntFn<T> {
    T apply(int i);
  }

  static final byte[] SUBSCRIBED = "{\"type\":\"subscribed\"".getBytes(StandardCharsets.US_ASCII);

  /** {@code topic} may name several topics, comma-separated: each is subscribed and acknowledged. */
  static List<Conn> connect(Receiver receiver, int n, IntFn<String> token, IntFn<String> topic, IntFn<Integer> kind,
                            boolean wholeFrames) throws Exception {
    CountDownLatch subscribed = new CountDownLatch(n * (n == 0 ? 1 : topic.apply(0).split(",").length));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Conn>> pending = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int client = i;
      pending.add(pool.submit(() -> {
        Conn c = handshake(token.apply(client), topic.apply(client), kind.apply(client), client, wholeFrames);
        c.subscribed = subscribed;
        receiver.add(c);
        return c;
      }));
    }
    List<Conn> conns = new ArrayList<>();
    for (Future<Conn> f : pending) {
      conns.add(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    if (!subscribed.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(subscribed.getCount() + " subscriptions not acknowledged");
    }
    Thread.sleep(500); // past the server's 250 ms resume window
    return conns;
  }

  static Conn handshake(String token, String topic, int kind, int client, boolean wholeFrames) throws IOException {
    SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    ch.socket().setTcpNoDelay(true);
    String request = "GET /api/live?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
    ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer in = ByteBuffer.allocate(4096);
    int end = -1;
    while (end < 0) {
      if (ch.read(in) < 0) {
        throw new IOException("closed during the handshake");
      }
      end = headerEnd(in.array(), in.position());
    }
    String head = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
    }
    byte[] rest = Arrays.copyOfRange(in.array(), end, in.position());
    for (String t : topic.split(",")) {
      ch.write(ByteBuffer.wrap(masked(new JsonObject().put("type", "subscribe").put("topic", t).encode())));
    }
    ch.configureBlocking(false);
    Conn c = new Conn(ch, kind, client, wholeFrames ? Integer.MAX_VALUE : 4096);
    c.pending = rest;
    return c;
  }

  static int headerEnd(byte[] b, int len) {
    for (int i = 3; i < len; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  /** A client → server text frame, masked with the all-zero key (allowed, and the payload stays as it is). */
  static byte[] masked(String text) {
    byte[] p = text.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(p.length + 8);
    b.put((byte) 0x81);
    if (p.length < 126) {
      b.put((byte) (0x80 | p.length));
    } else {
      b.put((byte) (0x80 | 126)).putShort((short) p.length);
    }
    b.putInt(0).put(p);
    return Arrays.copyOf(b.array(), b.position());
  }

  static void close(Receiver receiver, List<Conn> conns) throws Exception {
    receiver.closeAll(conns);
    Thread.sleep(1500);
  }

  /** Waits until the expected receipts arrived or nothing arrives for 2 s. */
  static void awaitQuiet(Receiver receiver, long expected) throws InterruptedException {
    long last = -1;
    long quietSince = System.nanoTime();
    while (receiver.receipts.get() < expected && System.nanoTime() - quietSince < 2_000_000_000L) {
      long now = receiver.receipts.get();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
      Thread.sleep(50);
    }
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

  static double max(double[] sorted) {
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
  }

  // ---- CPU from /proc: the service, this client, and the PostgreSQL backends serving the bench database

  record Usage(long wall, long service, long client, long postgres, List<Long> backends) {

    static Usage start() throws Exception {
      List<Long> backends = new ArrayList<>();
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db + "?user=postgres");
           ResultSet rs = c.createStatement().executeQuery(
               "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
        while (rs.next()) {
          backends.add(rs.getLong(1));
        }
      }
      return new Usage(System.nanoTime(), ticks(pid), ticks(ProcessHandle.current().pid()), sum(backends), backends);
    }

    Usage stop() throws Exception {
      return new Usage(System.nanoTime() - wall, ticks(pid) - service, ticks(ProcessHandle.current().pid()) - client,
          sum(backends) - postgres, backends);
    }

    String serviceCpu() {
      return share(service);
    }

    /** The service's CPU per frame written, in µs (all of its CPU, the writes' HTTP requests included). */
    String perFrame(double frames) {
      return frames <= 0 ? "-" : String.format("%.1f", service * 10_000.0 / frames);
    }

    String clientCpu() {
      return share(client);
    }

    String postgresCpu() {
      return share(postgres);
    }

    private String share(long ticks) {
      return String.format("%.0f %%", ticks * 10_000_000.0 / wall * 100); // 100 ticks a second
    }

    static long sum(List<Long> pids) {
      long t = 0;
      for (long p : pids) {
        t += ticks(p);
      }
      return t;
    }

    /** utime + stime of a process, in clock ticks. */
    static long ticks(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (IOException e) {
        return 0; // gone
      }
    }
  }

  // ---- the service's own share: helpdesk_live_fanout_seconds from /metrics, as the difference of two scrapes

  record Fanout(TreeMap<Double, Double> buckets, double count, double sum, double max, double written) {

    static Fanout scrape() throws Exception {
      return scrape("helpdesk_live_fanout_seconds");
    }

    /** Any histogram of /metrics in seconds (the event loops' delay, helpdesk_live_loop_delay_seconds, too). */
    static Fanout scrape(String histogram) throws Exception {
      TreeMap<Double, Double> buckets = new TreeMap<>();
      double count = 0, sum = 0, max = 0, written = 0;
      for (String line : send("GET", "/metrics", null, null).split("\n")) {
        if (line.startsWith(histogram + "_bucket{")) {
          String le = line.substring(line.indexOf("le=\"") + 4, line.indexOf('"', line.indexOf("le=\"") + 4));
          buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value(line), Double::sum);
        } else if (line.startsWith(histogram + "_count")) {
          count += value(line);
        } else if (line.startsWith(histogram + "_sum")) {
          sum += value(line);
        } else if (line.startsWith(histogram + "_max")) {
          max = Math.max(max, value(line));
        } else if (line.startsWith("helpdesk_live_frames_written_total")) {
          written = value(line);
        }
      }
      return new Fanout(buckets, count, sum, max, written);
    }

    static double value(String line) {
      return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    Fanout minus(Fanout before) {
      TreeMap<Double, Double> d = new TreeMap<>();
      buckets.forEach((le, n) -> d.put(le, n - before.buckets.getOrDefault(le, 0.0)));
      return new Fanout(d, count - before.count, sum - before.sum, max, written - before.written);
    }

    /** The upper bound of the bucket that holds the p-th percentile, in ms. */
    double pct(double p) {
      double want = Math.ceil(p / 100 * count);
      for (Map.Entry<Double, Double> b : buckets.entrySet()) {
        if (b.getValue() >= want) {
          return b.getKey() * 1000;
        }
      }
      return Double.NaN;
    }

    @Override
    public String toString() {
      return count == 0 ? "(no events)" : String.format("≤ %.1f / ≤ %.1f / %.1f (%d events)", pct(50), pct(99),
          max * 1000, (long) count);
    }
  }

  // ---- the receivers

  /** One WebSocket connection: the frame parser's state. Touched by the receiver thread only (after add). */
  static final class Conn {
    final SocketChannel ch;
    final int kind;
    final int client;
    final int scanLimit;
    byte[] pending;
    CountDownLatch subscribed;
    // frame parsing
    final byte[] head = new byte[14];
    int headLen;
    long left = -1; // payload bytes left in the current frame; -1: reading a header
    int opcode;
    int pos; // payload position
    int match; // how much of MARK matched
    long seq = -1; // digits read after MARK, -1: none yet
    boolean done; // this frame's seq is recorded
    final byte[] start = new byte[SUBSCRIBED.length];

    Conn(SocketChannel ch, int kind, int client, int scanLimit) {
      this.ch = ch;
      this.kind = kind;
      this.client = client;
      this.scanLimit = scanLimit;
    }
  }

  static final byte[] MARK = "\"subject\":\"b-".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PONG = {(byte) 0x8A, (byte) 0x80, 0, 0, 0, 0};

  /**
   * Reads every connection on one selector thread; keeps (seq, receipt time) per client kind.
   * The seq is the number after {@code mark} in a text frame's first bytes (by default
   * {@code "subject":"b-<seq>"}); a subclass may keep receipts its own way ({@link #record}).
   */
  static class Receiver implements Runnable {
    final Selector selector;
    final ConcurrentLinkedQueue<Conn> joining = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<List<Conn>> leaving = new ConcurrentLinkedQueue<>();
    final AtomicLong receipts = new AtomicLong();
    final ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    volatile boolean resetWanted;
    // receipts per kind: seq and time, growable; wallboard client 0's frames too
    long[][] seqs = new long[3][1 << 16];
    long[][] ats = new long[3][1 << 16];
    int[] counts = new int[3];
    final List<long[]> wallFrames = new ArrayList<>();

    final byte[] mark;
    final int spaceAt;

    Receiver() throws IOException {
      this(MARK, 10);
    }

    /** {@code spaceAt}: where in {@code mark} a space may come between (jsonb's {@code ": "}); -1: nowhere. */
    Receiver(byte[] mark, int spaceAt) throws IOException {
      this.mark = mark;
      this.spaceAt = spaceAt;
      selector = Selector.open();
    }

    void add(Conn c) {
      joining.add(c);
      selector.wakeup();
    }

    void closeAll(List<Conn> conns) {
      leaving.add(conns);
      selector.wakeup();
    }

    /** Forgets receipts so far (call before a run, then wait for the thread to notice). */
    void reset() throws InterruptedException {
      resetWanted = true;
      selector.wakeup();
      while (resetWanted) {
        Thread.sleep(5);
      }
    }

    @Override
    public void run() {
      try {
        while (true) {
          selector.select(100);
          Conn c;
          while ((c = joining.poll()) != null) {
            c.ch.register(selector, SelectionKey.OP_READ, c);
            if (c.pending.length > 0) {
              parse(c, c.pending, c.pending.length, System.nanoTime());
            }
          }
          List<Conn> gone;
          while ((gone = leaving.poll()) != null) {
            for (Conn g : gone) {
              try {
                g.ch.close();
              } catch (IOException ignored) {
                // closing anyway
              }
            }
          }
          if (resetWanted) {
            counts = new int[3];
            receipts.set(0);
            synchronized (wallFrames) {
              wallFrames.clear();
            }
            resetWanted = false;
          }
          for (SelectionKey key : selector.selectedKeys()) {
            Conn conn = (Conn) key.attachment();
            long now = System.nanoTime();
            try {
              int n;
              do {
                buf.clear();
                n = conn.ch.read(buf);
                if (n < 0) {
                  key.cancel();
                  conn.ch.close();
                  break;
                }
                parse(conn, buf.array(), n, now);
              } while (n == buf.capacity());
            } catch (IOException e) {
              key.cancel();
            }
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    void parse(Conn c, byte[] b, int n, long now) throws IOException {
      int i = 0;
      while (i < n) {
        if (c.left < 0) { // header
          c.head[c.headLen++] = b[i++];
          if (c.headLen >= 2) {
            int len7 = c.head[1] & 0x7f;
            int need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
            if (c.headLen == need) {
              long len = len7 < 126 ? len7 : 0;
              for (int k = 2; k < need; k++) {
                len = (len << 8) | (c.head[k] & 0xff);
              }
              c.opcode = c.head[0] & 0x0f;
              c.left = len;
              c.headLen = 0;
              c.pos = 0;
              c.match = 0;
              c.seq = -1;
              c.done = false;
              if (len == 0) {
                frameEnd(c);
              }
            }
          }
          continue;
        }
        int take = (int) Math.min(n - i, c.left);
        if (c.opcode == 1 && c.pos < c.scanLimit && !c.done) {
          int scanEnd = i + (int) Math.min(take, (long) c.scanLimit - c.pos);
          for (int k = i; k < scanEnd; k++) {
            scan(c, b[k], c.pos + (k - i), now);
          }
        }
        c.pos += take;
        c.left -= take;
        i += take;
        if (c.left == 0) {
          frameEnd(c);
        }
      }
    }

    void frameEnd(Conn c) throws IOException {
      if (c.opcode == 9) {
        c.ch.write(ByteBuffer.wrap(PONG));
      }
      c.left = -1;
    }

    void scan(Conn c, byte x, int pos, long now) {
      if (pos < SUBSCRIBED.length) {
        c.start[pos] = x;
        if (pos == SUBSCRIBED.length - 1 && Arrays.equals(c.start, SUBSCRIBED) && c.subscribed != null) {
          c.subscribed.countDown();
        }
      }
      if (c.done) {
        return;
      }
      if (c.seq >= 0) {
        if (x >= '0' && x <= '9') {
          c.seq = c.seq * 10 + (x - '0');
        } else {
          record(c, c.seq, now);
          c.done = true; // one receipt per frame
        }
        return;
      }
      if (c.match == spaceAt && x == ' ') {
        return; // the payload is PostgreSQL's jsonb text: "subject": "b-12"
      }
      if (x == mark[c.match]) {
        if (++c.match == mark.length) {
          c.seq = 0;
        }
      } else {
        c.match = x == mark[0] ? 1 : 0;
      }
    }

    void record(Conn c, long seq, long now) {
      int k = c.kind;
      int i = counts[k]++;
      if (i == seqs[k].length) {
        seqs[k] = Arrays.copyOf(seqs[k], i * 2);
        ats[k] = Arrays.copyOf(ats[k], i * 2);
      }
      seqs[k][i] = seq;
      ats[k][i] = now;
      if (k != WALL || c.client == 0) {
        receipts.incrementAndGet();
      }
      if (k == WALL && c.client == 0) {
        synchronized (wallFrames) {
          wallFrames.add(new long[] {seq, now});
        }
      }
    }

    /** Latencies in ms of one kind's receipts whose change was answered; sorted. Call once the run is quiet. */
    double[] latencies(int kind, long[] answered) {
      int count = counts[kind];
      double[] out = new double[count];
      int k = 0;
      for (int i = 0; i < count; i++) {
        long s = seqs[kind][i];
        long t0 = s < answered.length ? answered[(int) s] : 0;
        if (t0 != 0) {
          out[k++] = Math.max(0, ats[kind][i] - t0) / 1e6;
        }
      }
      out = Arrays.copyOf(out, k);
      Arrays.sort(out);
      return out;
    }

    /** For each change: from its answer to the first frame of wallboard 0 that shows it (or a later one). */
    double[] staleness(long[] answered, int changes) {
      List<Double> out = new ArrayList<>();
      synchronized (wallFrames) {
        for (int s = 1; s <= changes; s++) {
          for (long[] f : wallFrames) {
            if (f[0] >= s && answered[s] != 0) {
              out.add(Math.max(0, f[1] - answered[s]) / 1e6);
              break;
            }
          }
        }
      }
      return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
  }
}
