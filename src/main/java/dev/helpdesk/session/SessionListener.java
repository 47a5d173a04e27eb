package dev.helpdesk.session;

import dev.helpdesk.db.ChannelListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per process, deployed before HTTP: LISTENs on {@value SessionStore#CHANNEL} with a
 * connection of its own that reconnects by itself; after a reconnection the whole cache is
 * dropped, since an ended session may have gone unheard. Started means listening.
 */
public final class SessionListener extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(SessionListener.class);
  private static final long CLEANUP_MS = 3_600_000;

  private final SessionStore sessions;
  private final PgConnectOptions connectOptions;
  private PgSubscriber subscriber;

  public SessionListener(SessionStore sessions, PgConnectOptions connectOptions) {
    this.sessions = sessions;
    this.connectOptions = connectOptions;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(CLEANUP_MS, id -> sessions.forgetOld()
        .onFailure(e -> log.warn("Could not forget old sessions: {}", e.getMessage())));
    return ChannelListener.listen(vertx, connectOptions, SessionStore.CHANNEL, sessions::heard, sessions::forgetAll)
        .onSuccess(listening -> {
          subscriber = listening;
          subscriber.closeHandler(v -> log.warn("The session listener's database connection closed"));
        });
  }

  @Override
  public Future<?> stop() {
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
