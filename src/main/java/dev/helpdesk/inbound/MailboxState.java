package dev.helpdesk.inbound;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** What this instance's IMAP poller last saw, for the admin's Settings → Email page. Written by the poller thread. */
public final class MailboxState {

  private final String mailbox;
  private volatile boolean connected;
  private volatile Instant lastPoll;
  private volatile String lastError;
  private volatile Instant lastErrorAt;
  private volatile long taken;
  private volatile boolean idle;
  private volatile int held;

  public MailboxState(String mailbox) {
    this.mailbox = mailbox;
  }

  void connected(boolean value, boolean idleSupported) {
    connected = value;
    idle = idleSupported;
  }

  void polled(int mails) {
    lastPoll = Instant.now();
    taken += mails;
  }

  /** Mails of the last round held back for their original (see ReplyOrder). */
  void held(int mails) {
    held = mails;
  }

  int held() {
    return held;
  }

  void failed(String error) {
    connected = false;
    lastError = error;
    lastErrorAt = Instant.now();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("mailbox", mailbox)
        .put("polling", mailbox != null)
        .put("connected", connected)
        .put("idle", idle)
        .put("lastPollAt", lastPoll == null ? null : lastPoll.toString())
        .put("mailsTaken", taken)
        .put("held", held)
        .put("lastError", lastError)
        .put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
  }
}
