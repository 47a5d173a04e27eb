package dev.helpdesk.live;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * The live feed on one event loop: puts together its {@link Connections}, {@link TopicIndex},
 * {@link Subscriptions}, {@link EventDispatch}, {@link Resumer} and the presence and
 * wallboard relays, and routes each client frame to the one that handles it. One hub per
 * HttpVerticle; everything here runs on that verticle's event loop.
 */
final class LiveHub implements Connections.Listener {

  static final long LOOP_PROBE_MS = 1_000;

  private final LiveService service;
  private final TopicIndex index = new TopicIndex();
  private final EventDispatch dispatch;
  private final Resumer resumer;
  private final Subscriptions subscriptions;
  private final PresenceRelay presence;
  private final WallboardRelay wallboard;
  private final Connections connections;

  /** Must be created on the event loop it serves (an HttpVerticle's start). */
  LiveHub(Vertx vertx, LiveService service) {
    this.service = service;
    EventBus bus = vertx.eventBus();
    this.dispatch = new EventDispatch(service.metrics(), service.watermark());
    this.resumer = new Resumer(vertx, service.replay(), dispatch::lastLiveId);
    TopicAccess access = TopicAccess.desk(new TicketOwners(service.pool(), vertx.getOrCreateContext()));
    this.subscriptions = new Subscriptions(service, bus, index, access, resumer);
    this.presence = new PresenceRelay(bus, service.instanceId(), index);
    this.wallboard = new WallboardRelay(index);
    this.connections = new Connections(service, dispatch::lastLiveId, this);
    bus.<LiveEvent>localConsumer(LiveAddresses.EVENTS, m -> dispatch.dispatch(m.body(), index));
    bus.<PresenceBoard.Update>localConsumer(LiveAddresses.PRESENCE, m -> presence.update(m.body()));
    bus.<WallboardFeed.Update>localConsumer(LiveAddresses.WALLBOARD, m -> wallboard.update(m.body()));
    bus.<CountsTopic.PersonFrame>localConsumer(LiveAddresses.COUNTS,
        m -> index.counter(m.body().key()).walk(s -> s.send(m.body().frame())));
    vertx.setPeriodic(Connections.HEARTBEAT_MS, id -> connections.heartbeat(presence::refresh));
    probeLoop(vertx, service.metrics());
    service.hubStarted(new LiveService.Hub(vertx.getOrCreateContext(), connections));
  }

  /** Once a second, how late this event loop runs a timer: the fan-out must never hold it for long. */
  private static void probeLoop(Vertx vertx, LiveMetrics metrics) {
    long[] last = {System.nanoTime()};
    vertx.setPeriodic(LOOP_PROBE_MS, id -> {
      long now = System.nanoTime();
      metrics.loopDelay(now - last[0] - LOOP_PROBE_MS * 1_000_000);
      last[0] = now;
    });
  }

  void open(ServerWebSocket ws, Viewer viewer) {
    connections.open(ws, viewer);
  }

  @Override
  public void text(LiveSocket s, String text) {
    s.lastHeard = System.currentTimeMillis();
    try {
      ClientFrame f = ClientFrame.parse(text);
      switch (f.type()) {
        case "subscribe" -> subscriptions.subscribe(s, f.topic());
        case "unsubscribe" -> subscriptions.unsubscribe(s, f.topic());
        case "presence" -> presence.announce(s, f.ticket(), f.state());
        case "resume" -> resumer.resume(s, f.after());
        default -> s.send(Frames.of(new JsonObject().put("type", "pong").put("lastEventId", dispatch.lastLiveId())));
      }
    } catch (ClientFrame.Bad bad) {
      s.send(Frames.error(bad.getMessage()));
    }
  }

  @Override
  public void closed(LiveSocket s) {
    subscriptions.closed(s);
    presence.closed(s);
    resumer.closed(s);
  }
}
