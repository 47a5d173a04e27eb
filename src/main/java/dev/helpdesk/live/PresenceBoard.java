package dev.helpdesk.live;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is viewing or typing on which ticket, across every instance. Local sockets report
 * here; each change (and a refresh every {@value #REFRESH_MS} ms) goes to the other
 * instances with NOTIFY on {@value #CHANNEL}. An entry not refreshed within
 * {@value #TTL_MS} ms disappears, so a crashed instance's presence ends by itself.
 * Runs on LiveVerticle's context; hubs read the snapshots, which are immutable.
 */
final class PresenceBoard {

  private static final Logger log = LoggerFactory.getLogger(PresenceBoard.class);

  static final String CHANNEL = "helpdesk_presence";
  static final long TTL_MS = 60_000;
  static final long REFRESH_MS = 20_000;
  private static final String NOTIFY = "SELECT pg_notify($1, $2)";

  /** A socket's presence on a ticket; state {@code left} ends it. */
  record Report(String socketKey, String ticketRef, long userId, String name, String state) {}

  /** What a ticket's followers are shown now: the full list for staff, who is typing for the requester. */
  record Update(String ticketRef, Buffer staffFrame, Buffer requesterFrame, String requesterView,
                boolean requesterChanged) {

    boolean anyoneTyping() {
      return !"[]".equals(requesterView);
    }
  }

  private record Entry(long userId, String name, String state, long expiresAt, long notifiedAt) {}

  private final String instanceId;
  private final Pool pool;
  private final EventBus bus;
  private final ConcurrentMap<String, Update> snapshots;
  private final Map<String, Map<String, Entry>> tickets = new HashMap<>();

  PresenceBoard(String instanceId, Pool pool, EventBus bus, ConcurrentMap<String, Update> snapshots) {
    this.instanceId = instanceId;
    this.pool = pool;
    this.bus = bus;
    this.snapshots = snapshots;
  }

  /** From a socket of this instance. */
  void report(Report r) {
    long now = System.currentTimeMillis();
    Map<String, Entry> entries = tickets.computeIfAbsent(r.ticketRef(), k -> new LinkedHashMap<>());
    Entry old = "left".equals(r.state()) ? entries.remove(r.socketKey()) : entries.get(r.socketKey());
    boolean same = "left".equals(r.state()) ? old == null : old != null && old.state().equals(r.state());
    boolean notify = !same || (old != null && now - old.notifiedAt() >= REFRESH_MS && !"left".equals(r.state()));
    if (!"left".equals(r.state())) {
      entries.put(r.socketKey(), new Entry(r.userId(), r.name(), r.state(), now + TTL_MS, notify ? now : old.notifiedAt()));
    }
    if (notify) {
      JsonObject payload = new JsonObject().put("i", instanceId).put("s", r.socketKey()).put("t", r.ticketRef())
          .put("u", r.userId()).put("n", r.name()).put("st", r.state());
      pool.preparedQuery(NOTIFY).execute(Tuple.of(CHANNEL, payload.encode()))
          .onFailure(e -> log.warn("Presence on {} not shared with other instances: {}", r.ticketRef(), e.getMessage()));
    }
    if (!same) {
      changed(r.ticketRef());
    } else if (entries.isEmpty()) {
      tickets.remove(r.ticketRef());
    }
  }

  /** A NOTIFY from any instance, this one included (ignored: already applied). */
  void remote(String payload) {
    JsonObject p;
    try {
      p = new JsonObject(payload);
    } catch (DecodeException e) {
      log.warn("Ignoring a malformed presence notification");
      return;
    }
    if (instanceId.equals(p.getString("i")) || p.getString("t") == null || p.getString("s") == null) {
      return;
    }
    String ref = p.getString("t");
    Map<String, Entry> entries = tickets.computeIfAbsent(ref, k -> new LinkedHashMap<>());
    String state = p.getString("st", "left");
    Entry old = "left".equals(state) ? entries.remove(p.getString("s"))
        : entries.put(p.getString("s"), new Entry(p.getLong("u", 0L), p.getString("n", "?"), state,
            System.currentTimeMillis() + TTL_MS, 0));
    if (old == null || "left".equals(state) || !old.state().equals(state)) {
      changed(ref);
    }
  }

  /** Drops entries nobody refreshed in time (their socket's instance is gone). */
  void expire() {
    long now = System.currentTimeMillis();
    for (String ref : tickets.keySet().toArray(String[]::new)) {
      if (tickets.get(ref).values().removeIf(e -> e.expiresAt() < now)) {
        changed(ref);
      }
    }
  }

  private void changed(String ref) {
    Map<String, Entry> entries = tickets.getOrDefault(ref, Map.of());
    Map<Long, Entry> byUser = new LinkedHashMap<>();
    for (Entry e : entries.values()) {
      byUser.merge(e.userId(), e, (a, b) -> "typing".equals(b.state()) ? b : a);
    }
    JsonArray staff = new JsonArray();
    JsonArray typing = new JsonArray();
    byUser.values().stream().sorted(Comparator.comparing(Entry::name)).forEach(e -> {
      staff.add(new JsonObject().put("id", e.userId()).put("name", e.name()).put("state", e.state()));
      if ("typing".equals(e.state())) {
        typing.add(new JsonObject().put("name", e.name()).put("state", "typing"));
      }
    });
    if (entries.isEmpty()) {
      tickets.remove(ref);
    }
    Update previous = snapshots.get(ref);
    String requesterView = typing.encode();
    Update update = new Update(ref, frame(ref, staff), frame(ref, typing), requesterView,
        !requesterView.equals(previous == null ? "[]" : previous.requesterView()));
    if (staff.isEmpty()) {
      snapshots.remove(ref);
    } else {
      snapshots.put(ref, update);
    }
    bus.publish(LiveAddresses.PRESENCE, update);
  }

  private static Buffer frame(String ref, JsonArray users) {
    return Frames.of(new JsonObject().put("type", "presence").put("ticket", ref).put("users", users));
  }
}
