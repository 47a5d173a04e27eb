package dev.helpdesk.work;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;

/**
 * Blocking work, named and kept apart so that one kind never queues behind another.
 * Vert.x's plain {@code executeBlocking} is ordered per event loop: one 200 ms password
 * hash, or one PDF batch, holds every other blocking task of that loop. Here:
 * <ul>
 *   <li>{@link #password}: PBKDF2 hashing and checking, on a pool of its own ({@value #PASSWORD_THREADS} threads), unordered;</li>
 *   <li>{@link #pdf}: PDF drawing on one thread of its own: PDFBox's parsed fonts are shared
 *   (parsed once per process) and are not thread-safe, and a second export waits for the
 *   first one's batch rather than doubling the memory;</li>
 *   <li>{@link #io}: short file work (spooling, deleting temporary files), unordered on the shared worker pool.</li>
 * </ul>
 */
public final class Workers {

  static final int PASSWORD_THREADS = 2;

  private static final Map<Vertx, WorkerExecutor> PASSWORDS = Collections.synchronizedMap(new WeakHashMap<>());
  private static final Map<Vertx, WorkerExecutor> PDFS = Collections.synchronizedMap(new WeakHashMap<>());

  private Workers() {}

  public static <T> Future<T> password(Vertx vertx, Callable<T> work) {
    return PASSWORDS.computeIfAbsent(vertx, v -> v.createSharedWorkerExecutor("helpdesk-passwords", PASSWORD_THREADS))
        .executeBlocking(work, false);
  }

  public static <T> Future<T> pdf(Vertx vertx, Callable<T> work) {
    return PDFS.computeIfAbsent(vertx, v -> v.createSharedWorkerExecutor("helpdesk-pdf", 1))
        .executeBlocking(work, false);
  }

  public static <T> Future<T> io(Vertx vertx, Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
