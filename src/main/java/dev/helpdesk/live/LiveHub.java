package dev.helpdesk.live;

import dev.helpdesk.http.HttpVerticle;
import dev.helpdesk.ticket.Ticket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one event loop and the topics they follow. Every event from the change
 * feed goes only to the sockets following its topics and allowed to see it, as the
 * frame encoded once by the feed. All of it runs on this hub's event loop.
 */
final class LiveHub {

  private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

  static final long HEARTBEAT_MS = 25_000;
  static final long SILENCE_MS = 80_000;
  /** After the first subscribe, events wait this long for a {@code resume} so that replay and live stay in order. */
  static final long RESUME_WINDOW_MS = 250;
  static final int MAX_TOPICS = 100;
  static final int MAX_PRESENCE = 20;
  /** Close code when a person already has the most live connections allowed on this instance. */
  static final short TOO_MANY_CONNECTIONS = 4429;

  private final Vertx vertx;
  private final LiveService service;
  private final Set<LiveSocket> sockets = new HashSet<>();
  /** Topic → its followers; for {@code tickets} staff only (requesters are in {@link #requesterLists}). */
  private final Map<String, Set<LiveSocket>> followers = new HashMap<>();
  /** Requester key → that requester's sockets following {@code tickets}. */
  private final Map<String, Set<LiveSocket>> requesterLists = new HashMap<>();
  /** The id of the last event this hub received: replays read up to here, live goes on after it. */
  private long lastLiveId;

  /** Must be created on the event loop it serves (an HttpVerticle's start). */
  LiveHub(Vertx vertx, LiveService service) {
    this.vertx = vertx;
    this.service = service;
    this.lastLiveId = service.watermark();
    EventBus bus = vertx.eventBus();
    bus.<LiveEvent>localConsumer(LiveAddresses.EVENTS, m -> dispatch(m.body()));
    bus.<PresenceBoard.Update>localConsumer(LiveAddresses.PRESENCE, m -> presence(m.body()));
    bus.<WallboardFeed.Update>localConsumer(LiveAddresses.WALLBOARD, m -> wallboard(m.body()));
    vertx.setPeriodic(HEARTBEAT_MS, id -> heartbeat());
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
    ws.textMessageHandler(text -> onText(s, text));
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
    ws.closeHandler(v -> remove(s));
    s.send(Frames.of(new JsonObject().put("type", "hello").put("lastEventId", lastLiveId)
        .put("heartbeatSeconds", HEARTBEAT_MS / 1000).put("user", viewer.toJson())));
    ws.resume();
  }

  private void onText(LiveSocket s, String text) {
    s.lastHeard = System.currentTimeMillis();
    try {
      ClientFrame f = ClientFrame.parse(text);
      switch (f.type()) {
        case "subscribe" -> subscribe(s, f.topic());
        case "unsubscribe" -> unsubscribe(s, f.topic());
        case "presence" -> presence(s, f.ticket(), f.state());
        case "resume" -> resume(s, f.after());
        default -> s.send(Frames.of(new JsonObject().put("type", "pong").put("lastEventId", lastLiveId)));
      }
    } catch (ClientFrame.Bad bad) {
      s.send(Frames.error(bad.getMessage()));
    }
  }

  // ---- topics

  private void subscribe(LiveSocket s, String requested) {
    String topic = Topics.canonical(requested);
    if (topic == null) {
      throw new ClientFrame.Bad("Unknown topic '" + ClientFrame.shorten(requested)
          + "': use tickets, ticket:TKT-017, notifications or wallboard");
    }
    String refusal = s.viewer.refusal(topic);
    if (refusal != null) {
      throw new ClientFrame.Bad(refusal);
    }
    if (!s.topics.contains(topic)) {
      if (s.topics.size() >= MAX_TOPICS) {
        throw new ClientFrame.Bad("At most " + MAX_TOPICS + " topics per connection");
      }
      s.topics.add(topic);
      index(s, topic).add(s);
      if (Topics.WALLBOARD.equals(topic)) {
        service.wallboardFollowed(1);
      }
    }
    s.send(Frames.of(new JsonObject().put("type", "subscribed").put("topic", topic)));
    if (!s.resumedOnce && !s.holding && !Topics.WALLBOARD.equals(topic)) {
      s.holding = true;
      s.holdTimer = vertx.setTimer(RESUME_WINDOW_MS, id -> {
        s.holdTimer = -1;
        if (!s.resuming) {
          release(s);
        }
      });
    }
    Long ticketId = Topics.ticketIdOf(topic);
    if (ticketId != null) {
      followTicket(s, topic, Ticket.refOf(ticketId), ticketId);
    } else if (Topics.WALLBOARD.equals(topic)) {
      Buffer latest = service.latestWallboard();
      if (latest != null) {
        s.send(latest);
      }
      vertx.eventBus().send(LiveAddresses.WALLBOARD_WANTED, "");
    }
  }

  /** Staff see who is there at once; a requester only once the ticket is found to be theirs. */
  private void followTicket(LiveSocket s, String topic, String ref, long ticketId) {
    PresenceBoard.Update now = service.presenceOf(ref);
    if (s.viewer.isStaff()) {
      if (now != null) {
        s.send(now.staffFrame());
      }
      return;
    }
    service.owns(s.viewer, ticketId).onComplete(ar -> {
      if (s.isClosed() || !s.topics.contains(topic)) {
        return;
      }
      if (ar.succeeded() && ar.result()) {
        s.owned.add(ref);
        PresenceBoard.Update current = service.presenceOf(ref);
        if (current != null && current.anyoneTyping()) {
          s.send(current.requesterFrame());
        }
      } else {
        s.topics.remove(topic);
        unindex(s, topic);
        s.send(Frames.error("No ticket " + ref));
      }
    });
  }

  private void unsubscribe(LiveSocket s, String requested) {
    String topic = Topics.canonical(requested);
    if (topic != null && s.topics.remove(topic)) {
      unindex(s, topic);
      if (Topics.WALLBOARD.equals(topic)) {
        service.wallboardFollowed(-1);
      }
      Long ticketId = Topics.ticketIdOf(topic);
      if (ticketId != null) {
        s.owned.remove(Ticket.refOf(ticketId));
      }
    }
    s.send(Frames.of(new JsonObject().put("type", "unsubscribed").put("topic", topic == null ? requested : topic)));
  }

  private Set<LiveSocket> index(LiveSocket s, String topic) {
    if (Topics.TICKETS.equals(topic) && s.viewer.isRequester()) {
      return requesterLists.computeIfAbsent(s.viewer.requesterKey(), k -> new HashSet<>());
    }
    String key = NotificationTopic.TOPIC.equals(topic) ? NotificationTopic.followKey(s.viewer) : topic;
    return followers.computeIfAbsent(key, k -> new HashSet<>());
  }

  private void unindex(LiveSocket s, String topic) {
    boolean list = Topics.TICKETS.equals(topic) && s.viewer.isRequester();
    Map<String, Set<LiveSocket>> map = list ? requesterLists : followers;
    String key = list ? s.viewer.requesterKey()
        : NotificationTopic.TOPIC.equals(topic) ? NotificationTopic.followKey(s.viewer) : topic;
    Set<LiveSocket> set = map.get(key);
    if (set != null && set.remove(s) && set.isEmpty()) {
      map.remove(key);
    }
  }

  // ---- live events

  private void dispatch(LiveEvent e) {
    lastLiveId = Math.max(lastLiveId, e.id());
    if (NotificationTopic.isNotification(e.kind())) {
      for (LiveSocket s : snapshot(followers.get(NotificationTopic.followKeyOf(e)))) {
        offer(s, e, e.ticketFrame());
      }
      return;
    }
    String ticketTopic = e.ticketTopic();
    if (ticketTopic != null) {
      for (LiveSocket s : snapshot(followers.get(ticketTopic))) {
        if (s.viewer.isRequester() && !s.viewer.requesterKey().equals(e.requester())) {
          s.owned.remove(ticketTopic.substring("ticket:".length()));
        }
        offer(s, e, e.ticketFrame());
      }
    }
    if (e.listFrame() != null) {
      for (LiveSocket s : snapshot(followers.get(Topics.TICKETS))) {
        offer(s, e, e.listFrame());
      }
      if (e.requester() != null && !e.internal()) {
        for (LiveSocket s : snapshot(requesterLists.get(e.requester()))) {
          offer(s, e, e.listFrame());
        }
      }
    }
  }

  private void offer(LiveSocket s, LiveEvent e, Buffer frame) {
    if (!s.viewer.mayRead(e) || e.id() <= s.lastSentId) {
      return;
    }
    if (s.holding) {
      s.hold(e);
    } else {
      s.deliver(e, frame);
    }
  }

  private static LiveSocket[] snapshot(Set<LiveSocket> set) {
    return set == null || set.isEmpty() ? new LiveSocket[0] : set.toArray(LiveSocket[]::new);
  }

  // ---- resume

  /**
   * Replays (after, lastLiveId] from the table while live events wait in the socket's
   * hold, then lets them through: in id order, nothing twice, nothing missed.
   */
  private void resume(LiveSocket s, long after) {
    if (s.resuming) {
      throw new ClientFrame.Bad("A resume is already running on this connection");
    }
    if (after < s.lastSentId) {
      throw new ClientFrame.Bad("Resume right after subscribing: events after " + after
          + " were already sent on this connection");
    }
    if (s.holdTimer != -1) {
      vertx.cancelTimer(s.holdTimer);
      s.holdTimer = -1;
    }
    s.resuming = true;
    s.resumedOnce = true;
    s.holding = true;
    long upTo = lastLiveId;
    Replay.Scope scope = Replay.Scope.of(s);
    Future<Boolean> replayed = after >= upTo || scope.isEmpty() ? Future.succeededFuture(true)
        : service.replay().count(scope, after, upTo).compose(n -> n > Replay.LIMIT ? Future.succeededFuture(false)
            : pages(s, scope, after, upTo).map(true));
    replayed.onComplete(ar -> {
      s.resuming = false;
      if (s.isClosed()) {
        return;
      }
      s.lastSentId = Math.max(s.lastSentId, after);
      if (ar.succeeded() && ar.result()) {
        s.send(Frames.of(new JsonObject().put("type", "resumed").put("after", after)
            .put("lastEventId", s.lastSentId)));
      } else {
        if (ar.failed()) {
          log.warn("Replaying events after {} for live socket {} failed: {}", after, s.id, ar.cause().getMessage());
        }
        s.lastSentId = Math.max(s.lastSentId, upTo);
        s.send(Frames.of(new JsonObject().put("type", "resync").put("lastEventId", s.lastSentId)
            .put("detail", "Too much was missed to replay: reload, then live goes on after this id")));
      }
      release(s);
    });
  }

  private Future<Void> pages(LiveSocket s, Replay.Scope scope, long after, long upTo) {
    return service.replay().page(scope, after, upTo).compose(events -> {
      for (LiveEvent e : events) {
        s.deliver(e, s.frameFor(e));
      }
      if (events.size() < Replay.PAGE || s.isClosed()) {
        return Future.succeededFuture();
      }
      long next = events.get(events.size() - 1).id();
      return s.drained().compose(v -> pages(s, scope, next, upTo));
    });
  }

  /** Ends the hold: what waited goes out in order, minus anything already sent. */
  private void release(LiveSocket s) {
    s.holding = false;
    while (!s.held.isEmpty() && !s.isClosed()) {
      LiveEvent e = s.held.poll();
      s.deliver(e, s.frameFor(e));
    }
  }

  // ---- presence and wallboard

  private void presence(LiveSocket s, String ticket, String state) {
    if (!s.viewer.isStaff()) {
      throw new ClientFrame.Bad("Only staff announce presence");
    }
    Long ticketId = Topics.ticketIdOfRef(ticket);
    if (ticketId == null) {
      throw new ClientFrame.Bad("\"ticket\" must be a ticket ref such as TKT-017");
    }
    String ref = Ticket.refOf(ticketId);
    if ("left".equals(state)) {
      if (s.presence.remove(ref) == null) {
        return;
      }
    } else {
      if (!s.presence.containsKey(ref) && s.presence.size() >= MAX_PRESENCE) {
        throw new ClientFrame.Bad("At most " + MAX_PRESENCE + " tickets with presence per connection");
      }
      s.presence.put(ref, state);
    }
    report(s, ref, state);
  }

  private void report(LiveSocket s, String ref, String state) {
    vertx.eventBus().send(LiveAddresses.PRESENCE_REPORTS, new PresenceBoard.Report(
        service.instanceId() + "/" + s.id, ref, s.viewer.userId(), s.viewer.name(), state));
  }

  private void presence(PresenceBoard.Update u) {
    for (LiveSocket s : snapshot(followers.get("ticket:" + u.ticketRef()))) {
      if (s.viewer.isStaff()) {
        s.send(u.staffFrame());
      } else if (u.requesterChanged() && s.owned.contains(u.ticketRef())) {
        s.send(u.requesterFrame());
      }
    }
  }

  private void wallboard(WallboardFeed.Update u) {
    for (LiveSocket s : snapshot(followers.get(Topics.WALLBOARD))) {
      s.send(u.frame());
    }
  }

  // ---- lifecycle

  /** Pings every socket, tells clients the feed is alive, refreshes presence, drops the silent. */
  private void heartbeat() {
    long now = System.currentTimeMillis();
    Buffer beat = Frames.of(new JsonObject().put("type", "heartbeat").put("lastEventId", lastLiveId));
    for (LiveSocket s : snapshot(sockets)) {
      if (now - s.lastHeard > SILENCE_MS) {
        s.close((short) 1001, "No answer to pings");
        continue;
      }
      s.ws.writePing(Buffer.buffer());
      s.send(beat);
      s.presence.forEach((ref, state) -> report(s, ref, state));
    }
  }

  private void remove(LiveSocket s) {
    if (!sockets.remove(s)) {
      return;
    }
    service.release(s.viewer);
    for (String topic : s.topics) {
      unindex(s, topic);
      if (Topics.WALLBOARD.equals(topic)) {
        service.wallboardFollowed(-1);
      }
    }
    s.presence.keySet().forEach(ref -> report(s, ref, "left"));
    if (s.holdTimer != -1) {
      vertx.cancelTimer(s.holdTimer);
    }
    s.closed();
  }
}
