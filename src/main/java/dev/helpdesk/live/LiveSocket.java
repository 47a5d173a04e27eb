package dev.helpdesk.live;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection of /api/live and what it follows. Lives on its hub's event loop only.
 *
 * <p>Writes never block and never grow without bound: while the socket's write queue is
 * full, frames wait in a backlog; past {@value #MAX_BACKLOG_BYTES} bytes the connection is
 * closed with {@value #TOO_SLOW} and the client reconnects and resumes from the table.
 */
final class LiveSocket {

  static final int MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
  static final int MAX_HELD = 5_000;
  static final short TOO_SLOW = 4008;

  final long id;
  final ServerWebSocket ws;
  final Viewer viewer;
  final Set<String> topics = new LinkedHashSet<>();
  /** Ticket refs a requester follows and was found to own: only those get presence. */
  final Set<String> owned = new HashSet<>();
  /** Ticket ref → this socket's presence there (staff). */
  final Map<String, String> presence = new HashMap<>();

  /** Highest event id written (or skipped as already seen); never goes back. */
  long lastSentId;
  long lastHeard;
  boolean resuming;
  boolean resumedOnce;
  /** Events wait in {@link #held} while a resume replays or right after the first subscribe. */
  boolean holding;
  long holdTimer = -1;
  final ArrayDeque<LiveEvent> held = new ArrayDeque<>();
  private long lastHeldId;

  private final ArrayDeque<Buffer> backlog = new ArrayDeque<>();
  private long backlogBytes;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();
  private boolean closed;

  LiveSocket(long id, ServerWebSocket ws, Viewer viewer, long now) {
    this.id = id;
    this.ws = ws;
    this.viewer = viewer;
    this.lastHeard = now;
  }

  /** Queues a frame behind the ones already waiting; the same buffer may go to many sockets. */
  void send(Buffer frame) {
    // the peer may have closed the socket before its close handler has run on this loop
    if (closed || ws.isClosed()) {
      return;
    }
    if (backlog.isEmpty() && !ws.writeQueueFull()) {
      ws.writeFrame(Frames.text(frame));
      return;
    }
    backlog.add(frame);
    backlogBytes += frame.length();
    if (backlogBytes > MAX_BACKLOG_BYTES) {
      close(TOO_SLOW, "Too far behind; reconnect and resume");
    }
  }

  /** Completes once everything queued has been handed to the network (for paging a replay). */
  Future<Void> drained() {
    if (closed || ws.isClosed()) {
      return Future.failedFuture("closed");
    }
    if (backlog.isEmpty() && !ws.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    drainWaiters.add(p);
    return p.future();
  }

  /** The socket's write queue has room again: what waited goes out (Connections wires this to the drain handler). */
  void flush() {
    while (!backlog.isEmpty() && !ws.writeQueueFull()) {
      Buffer frame = backlog.poll();
      backlogBytes -= frame.length();
      ws.writeFrame(Frames.text(frame));
    }
    if (backlog.isEmpty() && !ws.writeQueueFull() && !drainWaiters.isEmpty()) {
      List<Promise<Void>> waiting = new ArrayList<>(drainWaiters);
      drainWaiters.clear();
      waiting.forEach(Promise::tryComplete);
    }
  }

  /** Keeps an event for later; each event once, however many topics it came through. */
  void hold(LiveEvent event) {
    if (event.id() <= lastHeldId) {
      return;
    }
    lastHeldId = event.id();
    held.add(event);
    if (held.size() > MAX_HELD) {
      close(TOO_SLOW, "Too far behind; reconnect and resume");
    }
  }

  /** The frame of the topic through which this socket gets the event (its ticket's first), or null. */
  Buffer frameFor(LiveEvent event) {
    if (event.ticketTopic() != null && topics.contains(event.ticketTopic())) {
      return event.ticketFrame();
    }
    return event.listFrame() != null && topics.contains(Topics.TICKETS) ? event.listFrame() : null;
  }

  /** Writes the event unless this socket has already had it (or a later one). */
  void deliver(LiveEvent event, Buffer frame) {
    if (event.id() > lastSentId && frame != null) {
      lastSentId = event.id();
      send(frame);
    }
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      backlog.clear();
      ws.close(code, reason);
    }
  }

  /** Called once the socket is gone: frees what waits on it. */
  void closed() {
    closed = true;
    backlog.clear();
    held.clear();
    drainWaiters.forEach(p -> p.tryFail("closed"));
    drainWaiters.clear();
  }

  boolean isClosed() {
    return closed;
  }
}
