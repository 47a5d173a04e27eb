// Notification latency benchmark: run by bench/notify-latency.sh, compiled together with
// LiveBroadcast.java (whose sockets, receiver, /proc CPU and HTTP pieces it reuses) and run on
// the service's own jar.
//
// N agents each hold one WebSocket subscribed to `notifications` and `tickets` (as the agent
// app does). Writers drive changes that notify, at a fixed rate, each on a ticket of its own:
//   - an assignment: agent A PATCHes the assignee to agent B (B is notified);
//   - a requester reply on an assigned ticket (the assignee is notified);
//   - a note by agent A naming agents B and C with @ (both are notified).
// For every notification: from the change's commit to the frame's arrival at the recipient's
// socket. The commit itself is not visible to a client, so it is bounded:
//   - lower: the HTTP answer (sent after COMMIT returned) → the frame; a frame before the
//     answer counts as 0;
//   - upper, tight: the event's publication inside COMMIT → the frame. notify-latency.sh makes
//     the bench database's publishing trigger stamp events.created_at with clock_timestamp()
//     (just before the commit's WAL flush), so this is over the truth by the flush only;
//   - upper, loose: the notification's createdAt → the frame. createdAt is the transaction's
//     time (WriteTx.now, taken when the batch starts being planned, before its rows are written
//     and committed), so it is never after the commit.
// Same machine, same wall clock for the service, PostgreSQL and this client.
// And what was expected vs received: each expected (ticket, recipient, kind) has one row; each
// row reaches its recipient's socket once, and no other socket.
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class NotifyLatency {

  /** A notification frame: the event header (ours, no spaces), then the jsonb payload's first key. */
  static final byte[] NOTE = "\"topic\":\"notifications\",\"kind\":\"notification.created\",\"data\":{\"id\": "
      .getBytes(StandardCharsets.US_ASCII);
  static final int WRITERS = 16;
  static final String[] KINDS = {"assigned", "requester_replied", "mentioned"};

  static int agents;
  static long[] agentIds; // socket i belongs to agentIds[i]
  static String[] agentTokens;
  static String[] handles;
  static JWTAuth jwt;

  public static void main(String[] args) throws Exception {
    LiveBroadcast.base = args[0];
    LiveBroadcast.port = java.net.URI.create(args[0]).getPort();
    LiveBroadcast.pid = Long.parseLong(args[1]);
    LiveBroadcast.secret = args[2];
    LiveBroadcast.db = args[3];
    agents = Integer.parseInt(args[4]);
    String[] rates = args[5].split(",");
    int seconds = Integer.parseInt(args[6]);
    int warmup = Integer.parseInt(args[7]);
    jwt = JWTAuth.create(Vertx.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(LiveBroadcast.secret)));
    loadAgents();

    NoteReceiver receiver = new NoteReceiver(agents);
    Thread t = new Thread(receiver, "receiver");
    t.setDaemon(true);
    t.start();
    List<LiveBroadcast.Conn> conns = LiveBroadcast.connect(receiver, agents, i -> agentTokens[i],
        i -> TOPICS, i -> LiveBroadcast.AGENT, false);
    System.out.printf("%d agents connected, each on %s%n%n", agents, TOPICS);

    int next = 1; // the next unused ticket id: every change has a ticket of its own
    if (warmup > 0) {
      Run w = run(receiver, 20, warmup, next); // JIT, pools, prepared statements
      next += w.changes;
    }
    System.out.println("| changes/s | changes | notifications expected | received | lost | duplicated | to a wrong agent"
        + " | unexpected rows | lower bound (answer→frame) p50 / p95 / p99 / max ms"
        + " | upper bound, tight (published in COMMIT→frame) | upper bound, loose (createdAt→frame)"
        + " | frames before the answer"
        + " | HTTP answer p50 / p99 ms | service fan-out p50 / p99 / max ms | event-loop delay p50 / p99 / max ms"
        + " | service CPU ms/change"
        + " | PostgreSQL CPU ms/change | client CPU |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---|---|---|---:|---:|---:|");
    List<Run> runs = new ArrayList<>();
    for (String r : rates) {
      Run run = run(receiver, Integer.parseInt(r.strip()), seconds, next);
      next += run.changes;
      runs.add(run);
      System.out.println(run.row());
    }
    System.out.println();
    for (Run run : runs) {
      System.out.println(run.verdict());
    }
    LiveBroadcast.close(receiver, conns);
  }

  /** The seeded agents (role agent, by id), their session tokens and @handles. */
  static void loadAgents() throws Exception {
    agentIds = new long[agents];
    agentTokens = new String[agents];
    handles = new String[agents];
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + LiveBroadcast.db
        + "?user=postgres"); ResultSet rs = c.createStatement().executeQuery(
            "SELECT id, email, name FROM users WHERE role = 'agent' ORDER BY id LIMIT " + agents)) {
      int i = 0;
      while (rs.next()) {
        agentIds[i] = rs.getLong(1);
        String email = rs.getString(2);
        handles[i] = email.substring(0, email.indexOf('@'));
        agentTokens[i] = jwt.generateToken(new JsonObject().put("sub", "user:" + agentIds[i]).put("role", "agent")
            .put("name", rs.getString(3)).put("email", email).put("purpose", "session")
            .put("sid", "bench-agent-" + agentIds[i]), new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(120));
        i++;
      }
      if (i < agents) {
        throw new IllegalStateException("only " + i + " agents seeded, " + agents + " asked for");
      }
    }
  }

  // ---- one run: `rate` changes per second for `seconds`, tickets first.. (one each)

  /** A planned change: which ticket, which kind, who acts, who is to hear of it. */
  record Change(int seq, long ticket, int kind, int actor, int[] recipients) {}

  static Change plan(int seq, long ticket) {
    int kind = seq % 3;
    // the seeded assignee of ticket t is agent (t % agents); see notify-latency.sh
    int assignee = (int) (ticket % agents);
    int actor = (assignee + 1 + seq % (agents - 2)) % agents; // never the assignee
    return switch (kind) {
      case 0 -> new Change(seq, ticket, kind, actor, new int[] {(actor + 1) % agents == assignee
          ? (actor + 2) % agents : (actor + 1) % agents}); // a new assignee, not the actor
      case 1 -> new Change(seq, ticket, kind, -1, new int[] {assignee});
      default -> new Change(seq, ticket, kind, actor, new int[] {(actor + 1) % agents, (actor + 2) % agents});
    };
  }

  static Run run(NoteReceiver receiver, int rate, int seconds, int firstTicket) throws Exception {
    int total = rate * seconds;
    Change[] changes = new Change[total + 1];
    for (int seq = 1; seq <= total; seq++) {
      changes[seq] = plan(seq, firstTicket + seq - 1);
    }
    long[] sent = new long[total + 1];
    long[] answered = new long[total + 1];
    receiver.reset();
    receiver.clear();
    long expected = Arrays.stream(changes, 1, total + 1).mapToLong(c -> c.recipients().length).sum();
    LiveBroadcast.Usage usage = LiveBroadcast.Usage.start();
    LiveBroadcast.Fanout fanout = LiveBroadcast.Fanout.scrape();
    LiveBroadcast.Fanout loops = LiveBroadcast.Fanout.scrape(LOOP_DELAY);
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    List<Future<?>> done = new ArrayList<>();
    AtomicLong failed = new AtomicLong();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      done.add(pool.submit(() -> {
        for (int seq = 1 + writer; seq <= total; seq += WRITERS) {
          long wait = start + (seq - 1) * interval - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          Change c = changes[seq];
          sent[seq] = System.nanoTime();
          try {
            send(c);
          } catch (Exception e) {
            failed.incrementAndGet();
            System.err.println("change " + seq + ": " + e.getMessage());
            continue;
          }
          answered[seq] = System.nanoTime();
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double took = (System.nanoTime() - start) / 1e9;
    LiveBroadcast.awaitQuiet(receiver, expected);
    Thread.sleep(500); // a duplicate or a stray frame would come now
    LiveBroadcast.Usage used = usage.stop();
    LiveBroadcast.Fanout service = LiveBroadcast.Fanout.scrape().minus(fanout);
    LiveBroadcast.Fanout delay = LiveBroadcast.Fanout.scrape(LOOP_DELAY).minus(loops);
    return Run.of(rate, seconds, took, changes, sent, answered, failed.get(), expected, receiver, used, service,
        delay);
  }

  static void send(Change c) throws Exception {
    switch (c.kind()) {
      case 0 -> LiveBroadcast.send("PATCH", "/api/tickets/" + c.ticket(), new JsonObject().put("version", 1)
          .put("assignee", agentIds[c.recipients()[0]]).encode(), agentTokens[c.actor()]);
      case 1 -> LiveBroadcast.send("POST", "/api/tickets/" + c.ticket() + "/messages", new JsonObject()
          .put("type", "reply").put("body", "Any news on this? (" + c.seq() + ")").encode(),
          requesterToken(contactOf(c.ticket())));
      default -> LiveBroadcast.send("POST", "/api/tickets/" + c.ticket() + "/messages", new JsonObject()
          .put("type", "note").put("body", "@" + handles[c.recipients()[0]] + " and @" + handles[c.recipients()[1]]
              + ", can you look at this? (" + c.seq() + ")").encode(), agentTokens[c.actor()]);
    }
  }

  /** The seeded requester of ticket t (see notify-latency.sh): contact ((t - 1) % contacts) + 1. */
  static int contactOf(long ticket) {
    return (int) ((ticket - 1) % CONTACTS) + 1;
  }

  static final int CONTACTS = Integer.getInteger("contacts", 2000);
  static final String TOPICS = System.getProperty("topics", "notifications,tickets");
  static final String LOOP_DELAY = "helpdesk_live_loop_delay_seconds";
  /** One session token per requester, kept (as a browser keeps it): a new one per request would cost a JWT check. */
  static final java.util.concurrent.ConcurrentHashMap<Integer, String> REQUESTER_TOKENS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static String requesterToken(int contact) {
    return REQUESTER_TOKENS.computeIfAbsent(contact, id -> LiveBroadcast.requesterToken(jwt, id));
  }
  static final boolean PUBLISHED = Boolean.parseBoolean(System.getProperty("published", "0").replace("1", "true"));

  // ---- the figures of one run

  record Run(int rate, int changes, double took, long failed, long expected, long received, long lost,
             long duplicated, long wrongAgent, long unexpected, double[] lower, double[] published, double[] upper,
             long beforeAnswer,
             double[] http, LiveBroadcast.Fanout service, LiveBroadcast.Fanout delay, LiveBroadcast.Usage used,
             double[] afterList) {

    static Run of(int rate, int seconds, double took, Change[] changes, long[] sent, long[] answered, long failed,
                  long expected, NoteReceiver receiver, LiveBroadcast.Usage used, LiveBroadcast.Fanout service,
                  LiveBroadcast.Fanout delay)
        throws Exception {
      int total = changes.length - 1;
      long firstTicket = changes[1].ticket();
      // the rows: id → (recipient, ticket, kind, createdAt)
      Map<Long, long[]> rows = new HashMap<>();
      Map<Long, Instant> createdAt = new HashMap<>();
      Map<Long, Instant> publishedAt = new HashMap<>();
      Map<String, Integer> expectedKeys = new HashMap<>();
      Map<Long, Integer> socketOf = new HashMap<>();
      for (int i = 0; i < agents; i++) {
        socketOf.put(agentIds[i], i);
      }
      for (int seq = 1; seq <= total; seq++) {
        Change c = changes[seq];
        for (int r : c.recipients()) {
          expectedKeys.merge(c.ticket() + "/" + agentIds[r] + "/" + KINDS[c.kind()], 1, Integer::sum);
        }
      }
      long unexpected = 0;
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + LiveBroadcast.db
          + "?user=postgres"); ResultSet rs = c.createStatement().executeQuery(
              "SELECT id, recipient_id, ticket_id, kind, created_at FROM notifications WHERE ticket_id BETWEEN "
                  + firstTicket + " AND " + (firstTicket + total - 1))) {
        while (rs.next()) {
          long id = rs.getLong(1);
          long ticket = rs.getLong(3);
          String key = ticket + "/" + rs.getLong(2) + "/" + rs.getString(4);
          Integer left = expectedKeys.get(key);
          if (left == null || left == 0) {
            unexpected++;
            continue;
          }
          expectedKeys.put(key, left - 1);
          rows.put(id, new long[] {rs.getLong(2), ticket});
          createdAt.put(id, rs.getTimestamp(5).toInstant());
        }
        if (PUBLISHED) {
          try (ResultSet ev = c.createStatement().executeQuery("SELECT (payload ->> 'id')::bigint, created_at"
              + " FROM events WHERE kind = 'notification.created' AND (payload ->> 'id')::bigint = ANY(ARRAY(SELECT id"
              + " FROM notifications WHERE ticket_id BETWEEN " + firstTicket + " AND " + (firstTicket + total - 1)
              + "))")) {
            while (ev.next()) {
              publishedAt.put(ev.getLong(1), ev.getTimestamp(2).toInstant());
            }
          }
        }
      }
      // receipts: (socket, notification id, nanoTime)
      long[][] got = receiver.receipts();
      Set<Long> seen = new HashSet<>();
      long duplicated = 0;
      long wrongAgent = 0;
      long beforeAnswer = 0;
      List<Double> lower = new ArrayList<>();
      List<Double> upper = new ArrayList<>();
      List<Double> published = new ArrayList<>();
      // the same change's list frame (ticket.updated on `tickets`) at the same socket: when it came
      Map<Long, Long> listAt = new HashMap<>();
      for (long[] l : receiver.listReceipts()) {
        listAt.putIfAbsent(l[0] * 1_000_000_000L + l[1], l[2]);
      }
      List<Double> afterList = new ArrayList<>();
      for (long[] g : got) {
        int socket = (int) g[0];
        long id = g[1];
        long[] row = rows.get(id);
        if (row == null) {
          continue; // not this run's (or an unexpected row, counted above)
        }
        if (socketOf.get(row[0]) != socket) {
          wrongAgent++;
          continue;
        }
        if (!seen.add(id)) {
          duplicated++;
          continue;
        }
        int seq = (int) (row[1] - firstTicket + 1);
        if (answered[seq] != 0) {
          long d = g[2] - answered[seq];
          if (d < 0) {
            beforeAnswer++;
          }
          lower.add(Math.max(0, d) / 1e6);
        }
        long wall = g[2] + receiver.wallOffset;
        upper.add((wall - nanos(createdAt.get(id))) / 1e6);
        Long list = listAt.get(socket * 1_000_000_000L + row[1]);
        if (list != null) {
          afterList.add((g[2] - list) / 1e6);
        }
        Instant pub = publishedAt.get(id);
        if (pub != null) {
          published.add((wall - nanos(pub)) / 1e6);
        }
      }
      double[] http = new double[total];
      int n = 0;
      for (int seq = 1; seq <= total; seq++) {
        if (answered[seq] != 0) {
          http[n++] = (answered[seq] - sent[seq]) / 1e6;
        }
      }
      http = Arrays.copyOf(http, n);
      Arrays.sort(http);
      long received = seen.size();
      return new Run(rate, total, took, failed, expected, received, rows.size() - received, duplicated, wrongAgent,
          unexpected, sorted(lower), sorted(published), sorted(upper), beforeAnswer, http, service, delay, used,
          sorted(afterList));
    }

    static long nanos(Instant at) {
      return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    static double[] sorted(List<Double> l) {
      double[] a = l.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(a);
      return a;
    }

    static String pcts(double[] a) {
      return String.format("%.1f / %.1f / %.1f / %.1f", LiveBroadcast.pct(a, 50), LiveBroadcast.pct(a, 95),
          LiveBroadcast.pct(a, 99), LiveBroadcast.max(a));
    }

    /** CPU ms per change from clock ticks (100 a second). */
    String perChange(long ticks) {
      return String.format("%.2f", ticks * 10.0 / changes);
    }

    String row() {
      String fell = took > changes / (double) rate * 1.1 + 1
          ? String.format(" (writers took %.1f s)", took) : "";
      return String.format("| %d%s | %d%s | %d | %d | %d | %d | %d | %d | %s | %s | %s | %d | %.1f / %.1f | %s | %s | %s | %s | %s |",
          rate, fell, changes, failed > 0 ? " (" + failed + " failed)" : "", expected, received, expected - received,
          duplicated, wrongAgent, unexpected, pcts(lower), published.length == 0 ? "-" : pcts(published), pcts(upper),
          beforeAnswer, LiveBroadcast.pct(http, 50),
          LiveBroadcast.pct(http, 99), service, delay, perChange(used.service()), perChange(used.postgres()),
          used.clientCpu());
    }

    String verdict() {
      double hi = LiveBroadcast.pct(published.length > 0 ? published : upper, 99);
      double lo = LiveBroadcast.pct(lower, 99);
      boolean complete = received == expected && duplicated == 0 && wrongAgent == 0 && unexpected == 0 && failed == 0;
      String latency = hi < 100 ? "met (even the upper bound's p99 is " + String.format("%.1f", hi) + " ms)"
          : lo >= 100 ? "NOT met (even the lower bound's p99 is " + String.format("%.1f", lo) + " ms)"
          : String.format("undetermined (p99 between %.1f and %.1f ms)", lo, hi);
      long later = Arrays.stream(afterList).filter(d -> d > 0).count();
      return String.format("%d changes/s: target p99 < 100 ms %s; delivery %s%n  the notification frame vs the same"
          + " change's ticket.updated frame on the same socket (%d pairs): %d came after it, by p50 / p99 / max"
          + " %.1f / %.1f / %.1f ms", rate, latency,
          complete ? "complete (none lost, duplicated or misdirected)" : "NOT complete", afterList.length, later,
          LiveBroadcast.pct(afterList, 50), LiveBroadcast.pct(afterList, 99), LiveBroadcast.max(afterList));
    }
  }

  // ---- the receiver: LiveBroadcast's, keeping (socket, notification id, time) of notification frames

  static final class NoteReceiver extends LiveBroadcast.Receiver {
    /** A `tickets` frame about a ticket: its list frame, which the same change sends every agent. */
    static final byte[] LIST = "\"topic\":\"tickets\",\"kind\":\"ticket.updated\",\"data\":{\"id\": "
        .getBytes(StandardCharsets.US_ASCII);
    /** wall clock (epoch ns) − System.nanoTime(), to compare receipts with createdAt. */
    final long wallOffset;
    private final Receipts notes = new Receipts();
    private final Receipts lists = new Receipts();
    // per socket (client index): the frame scanner's state for the two marks
    private final int[] noteMatch;
    private final int[] listMatch;
    private final int[] which;
    private final long[] value;

    NoteReceiver(int sockets) throws java.io.IOException {
      super(NOTE, -1);
      noteMatch = new int[sockets];
      listMatch = new int[sockets];
      which = new int[sockets];
      value = new long[sockets];
      long best = Long.MAX_VALUE;
      long offset = 0;
      for (int i = 0; i < 1000; i++) { // the tightest of many samples
        long before = System.nanoTime();
        Instant now = Instant.now();
        long after = System.nanoTime();
        if (after - before < best) {
          best = after - before;
          offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - (before + after) / 2;
        }
      }
      wallOffset = offset;
    }

    /** As LiveBroadcast's scan, for two marks: a notification's id, and a list frame's ticket id. */
    @Override
    void scan(LiveBroadcast.Conn c, byte x, int pos, long now) {
      int k = c.client;
      if (pos == 0) {
        noteMatch[k] = 0;
        listMatch[k] = 0;
        which[k] = 0;
        value[k] = -1;
      }
      if (pos < LiveBroadcast.SUBSCRIBED.length) {
        c.start[pos] = x;
        if (pos == LiveBroadcast.SUBSCRIBED.length - 1 && Arrays.equals(c.start, LiveBroadcast.SUBSCRIBED)
            && c.subscribed != null) {
          c.subscribed.countDown();
        }
      }
      if (which[k] < 0) {
        return; // this frame is recorded
      }
      if (value[k] >= 0) {
        if (x >= '0' && x <= '9') {
          value[k] = value[k] * 10 + (x - '0');
        } else {
          (which[k] == 1 ? notes : lists).add(k, value[k], now);
          if (which[k] == 1) {
            receipts.incrementAndGet();
          }
          which[k] = -1;
        }
        return;
      }
      noteMatch[k] = step(NOTE, noteMatch[k], x);
      listMatch[k] = step(LIST, listMatch[k], x);
      if (noteMatch[k] == NOTE.length) {
        which[k] = 1;
        value[k] = 0;
      } else if (listMatch[k] == LIST.length) {
        which[k] = 2;
        value[k] = 0;
      }
    }

    private static int step(byte[] mark, int match, byte x) {
      return x == mark[match] ? match + 1 : x == mark[0] ? 1 : 0;
    }

    void clear() {
      notes.clear();
      lists.clear();
    }

    /** (socket, notification id, nanoTime) of each notification frame. */
    long[][] receipts() {
      return notes.all();
    }

    /** (socket, ticket id, nanoTime) of each ticket.updated frame on `tickets`. */
    long[][] listReceipts() {
      return lists.all();
    }
  }

  /** (socket, id, time) triples, growable; written by the receiver thread, read once a run is quiet. */
  static final class Receipts {
    private long[] sockets = new long[1 << 14];
    private long[] ids = new long[1 << 14];
    private long[] ats = new long[1 << 14];
    private int count;

    synchronized void add(int socket, long id, long at) {
      if (count == ids.length) {
        sockets = Arrays.copyOf(sockets, count * 2);
        ids = Arrays.copyOf(ids, count * 2);
        ats = Arrays.copyOf(ats, count * 2);
      }
      sockets[count] = socket;
      ids[count] = id;
      ats[count] = at;
      count++;
    }

    synchronized void clear() {
      count = 0;
    }

    synchronized long[][] all() {
      long[][] out = new long[count][];
      for (int i = 0; i < count; i++) {
        out[i] = new long[] {sockets[i], ids[i], ats[i]};
      }
      return out;
    }
  }
}
