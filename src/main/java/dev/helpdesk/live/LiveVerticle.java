package dev.helpdesk.live;

import dev.helpdesk.events.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per process, deployed before HTTP: LISTENs on the events and presence channels
 * with one connection that reconnects by itself, and runs the change feed, the presence
 * board and the wallboard feed on its own context. Started means listening: the first
 * notification cannot be lost.
 */
final class LiveVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(LiveVerticle.class);

  /** The safety net: new events are looked for this often even without a notification. */
  static final long POLL_MS = 5_000;
  static final long PRESENCE_SWEEP_MS = 5_000;

  private final LiveService service;
  private final PgConnectOptions connectOptions;
  private PgSubscriber subscriber;

  LiveVerticle(LiveService service, PgConnectOptions connectOptions) {
    this.service = service;
    this.connectOptions = connectOptions;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    WallboardFeed wallboard = new WallboardFeed(vertx, service.wallboardQuery(), service);
    LiveMetrics metrics = service.metrics();
    ChangeFeed feed = new ChangeFeed(service.pool(), readAt -> new FanoutClock(readAt, service.hubs(), metrics),
        event -> {
          service.watermark(event.id());
          metrics.encoded((event.ticketFrame() == null ? 0 : 1) + (event.listFrame() == null ? 0 : 1));
          bus.publish(LiveAddresses.EVENTS, event);
          wallboard.changed();
        }, service.tap());
    PresenceBoard presence = new PresenceBoard(service.instanceId(), service.pool(), bus, service.presence());
    bus.<PresenceBoard.Report>localConsumer(LiveAddresses.PRESENCE_REPORTS, m -> presence.report(m.body()));
    bus.localConsumer(LiveAddresses.WALLBOARD_WANTED, m -> wallboard.wanted());

    Promise<Void> eventsListening = Promise.promise();
    Promise<Void> presenceListening = Promise.promise();
    subscriber = PgSubscriber.subscriber(vertx, connectOptions)
        .reconnectPolicy(retries -> Math.min(10_000L, 200L << Math.min(retries, 6)));
    subscriber.channel(EventLog.CHANNEL)
        .handler(id -> feed.poke())
        .subscribeHandler(v -> {
          // also after every reconnection: read whatever was committed while not listening
          eventsListening.tryComplete();
          feed.poke();
        });
    subscriber.channel(PresenceBoard.CHANNEL)
        .handler(presence::remote)
        .subscribeHandler(v -> presenceListening.tryComplete());
    subscriber.closeHandler(v -> log.warn("The live feed's database listener closed"));

    return feed.start()
        .compose(last -> {
          service.watermark(last);
          return subscriber.connect();
        })
        .compose(v -> Future.all(eventsListening.future(), presenceListening.future()))
        .onSuccess(v -> {
          vertx.setPeriodic(POLL_MS, id -> feed.poke());
          vertx.setPeriodic(PRESENCE_SWEEP_MS, id -> presence.expire());
          vertx.setPeriodic(WallboardFeed.REFRESH_MS, id -> wallboard.refresh());
          log.info("Live feed listening (instance {}) after event {}", service.instanceId(), feed.lastSeen());
        });
  }

  @Override
  public Future<?> stop() {
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
