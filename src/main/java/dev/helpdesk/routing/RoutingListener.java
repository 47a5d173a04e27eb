package dev.helpdesk.routing;

import dev.helpdesk.db.ChannelListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per process: LISTENs on {@link RoutingRules#CHANNEL} and reloads the rules when any
 * instance saved them (and after every reconnection); every 30 s it reloads anyway.
 */
public final class RoutingListener extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RoutingListener.class);
  static final long RELOAD_MS = 30_000;

  private final RoutingRules rules;
  private final PgConnectOptions connectOptions;
  private PgSubscriber subscriber;

  public RoutingListener(RoutingRules rules, PgConnectOptions connectOptions) {
    this.rules = rules;
    this.connectOptions = connectOptions;
  }

  @Override
  public Future<?> start() {
    return rules.reload()
        .compose(v -> ChannelListener.listen(vertx, connectOptions, RoutingRules.CHANNEL, payload -> reload(),
            this::reload))
        .onSuccess(listening -> subscriber = listening)
        .onSuccess(v -> vertx.setPeriodic(RELOAD_MS, id -> reload()));
  }

  private void reload() {
    rules.reload().onFailure(e -> log.warn("Could not reload the routing rules: {}", e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
