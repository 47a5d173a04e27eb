package dev.helpdesk.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * A LISTEN on one channel over a connection of its own, which reconnects by itself (backing
 * off up to 10 s). The future completes once the channel is subscribed, not merely connected:
 * a notification sent before that would be lost. {@code onSubscribed} runs after every
 * (re)subscription, since what was sent while the connection was away went unheard.
 */
public final class ChannelListener {

  private ChannelListener() {
  }

  public static Future<PgSubscriber> listen(Vertx vertx, PgConnectOptions options, String channel,
                                            Handler<String> onPayload, Runnable onSubscribed) {
    Promise<Void> listening = Promise.promise();
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(retries -> Math.min(10_000L, 200L << Math.min(retries, 6)));
    subscriber.channel(channel)
        .handler(onPayload)
        .subscribeHandler(v -> {
          onSubscribed.run();
          listening.tryComplete();
        });
    return subscriber.connect().compose(v -> listening.future()).map(subscriber);
  }
}
