package dev.helpdesk.ops;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this instance is serving or draining, and its HTTP servers (one per event loop),
 * so that a stop can close them gracefully: no new connections, what is in flight answered
 * within the grace period, then closed.
 */
public final class Lifecycle {

  private final AtomicBoolean draining = new AtomicBoolean();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

  /** Called by each HttpVerticle once it listens. */
  public void serverStarted(HttpServer server) {
    servers.add(server);
  }

  public boolean draining() {
    return draining.get();
  }

  /** From now on /health says draining, so that a balancer stops sending here. */
  public void startDraining() {
    draining.set(true);
  }

  /**
   * Stops accepting connections at once; each open connection ends after its request in
   * flight, or is closed when the grace period is over. Completes when all are closed.
   */
  public Future<Void> shutdownServers(long graceMillis) {
    return Future.join(servers.stream().map(s -> s.shutdown(graceMillis, TimeUnit.MILLISECONDS)).toList())
        .mapEmpty();
  }
}
