package dev.helpdesk.inbound;

import dev.helpdesk.config.Config;
import io.vertx.core.Future;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the support mailbox on its own thread (Jakarta Mail blocks; never on an event loop).
 * Unseen mails are read without marking them ({@code mail.imap.peek}), handed to the pipeline
 * a few at a time, and flagged {@code \Seen} only once the pipeline has committed them, so a
 * poller killed mid-way leaves them unseen and the next one (or another instance) takes them;
 * the pipeline's claim on the Message-ID makes that second look a no-op. Between rounds it
 * waits in IMAP IDLE where the server offers it (woken every poll interval at the latest),
 * else it sleeps the poll interval.
 */
public final class ImapPoller {

  private static final Logger log = LoggerFactory.getLogger(ImapPoller.class);
  private static final int WINDOW = 8;
  private static final FetchProfile WHOLE_MAILS = new FetchProfile();

  static {
    WHOLE_MAILS.add(IMAPFolder.FetchProfileItem.MESSAGE);
  }
  private static final int BATCH = 500;
  private static final long WAIT_FOR_PIPELINE_SECONDS = 120;

  private final Config.Imap imap;
  private final InboundPipeline pipeline;
  private final MailboxState state;
  private final ScheduledExecutorService watchdog;
  private volatile boolean running;
  private volatile Store store;
  private Thread thread;

  public ImapPoller(Config.Imap imap, InboundPipeline pipeline, MailboxState state) {
    this.imap = imap;
    this.pipeline = pipeline;
    this.state = state;
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "imap-idle-watchdog");
      t.setDaemon(true);
      return t;
    });
  }

  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "imap-poller");
    thread.setDaemon(true);
    thread.start();
    log.info("Polling {}@{}:{}/{} every {} s", imap.user(), imap.host(), imap.port(), imap.folder(),
        imap.pollSeconds());
  }

  public synchronized void stop() {
    running = false;
    closeQuietly();
    watchdog.shutdownNow();
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    long backoff = 1_000;
    while (running) {
      try {
        Folder folder = open();
        int taken = round(folder);
        state.polled(taken);
        backoff = 1_000;
        if (taken == 0 && running) {
          waitForMail(folder);
        }
      } catch (Exception e) {
        if (!running) {
          return;
        }
        log.warn("Mailbox {}@{}: {}; trying again in {} ms", imap.user(), imap.host(), e.toString(), backoff);
        state.failed(e.toString());
        closeQuietly();
        sleep(backoff);
        backoff = Math.min(backoff * 2, 60_000);
      }
    }
  }

  private Folder open() throws MessagingException {
    if (store == null || !store.isConnected()) {
      boolean tls = imap.security().equals("tls");
      Properties p = new Properties();
      String protocol = tls ? "imaps" : "imap";
      p.setProperty("mail.store.protocol", protocol);
      p.setProperty("mail." + protocol + ".peek", "true");
      p.setProperty("mail." + protocol + ".connectiontimeout", "10000");
      p.setProperty("mail." + protocol + ".timeout", String.valueOf(Math.max(60, imap.pollSeconds() * 2) * 1000));
      p.setProperty("mail." + protocol + ".writetimeout", "30000");
      if (imap.security().equals("starttls")) {
        p.setProperty("mail.imap.starttls.enable", "true");
        p.setProperty("mail.imap.starttls.required", "true");
      }
      Store s = Session.getInstance(p).getStore(protocol);
      s.connect(imap.host(), imap.port(), imap.user(), imap.password());
      store = s;
    }
    Folder folder = store.getFolder(imap.folder());
    if (!folder.isOpen()) {
      folder.open(Folder.READ_WRITE);
    }
    state.connected(true, store instanceof IMAPStore is && is.hasCapability("IDLE"));
    return folder;
  }

  /** One pass over the unseen mails: a window of them at a time through the pipeline, each flagged once committed. */
  private int round(Folder folder) throws Exception {
    Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    int taken = 0;
    for (int start = 0; start < Math.min(unseen.length, BATCH) && running; start += WINDOW) {
      List<Message> window = new ArrayList<>();
      for (int i = start; i < Math.min(start + WINDOW, unseen.length); i++) {
        if (!unseen[i].isExpunged()) {
          window.add(unseen[i]);
        }
      }
      // a window of mails in one FETCH and their \Seen in one STORE: the server's round trips,
      // not our work, were what limited mail in
      folder.fetch(window.toArray(Message[]::new), WHOLE_MAILS);
      List<Future<Outcome>> results = new ArrayList<>();
      for (Message m : window) {
        results.add(pipeline.receive(raw(m)));
      }
      List<Message> committed = new ArrayList<>();
      try {
        for (int i = 0; i < window.size(); i++) {
          // throws when the pipeline could record nothing (the database is away): the mail stays unseen
          results.get(i).toCompletionStage().toCompletableFuture().get(WAIT_FOR_PIPELINE_SECONDS, TimeUnit.SECONDS);
          committed.add(window.get(i));
        }
      } finally {
        if (!committed.isEmpty()) {
          folder.setFlags(committed.toArray(Message[]::new), new Flags(Flags.Flag.SEEN), true);
        }
      }
      taken += committed.size();
    }
    return taken;
  }

  private static byte[] raw(Message m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, Math.min(m.getSize(), 30 << 20)));
    m.writeTo(out);
    return out.toByteArray();
  }

  /** IDLE until the server reports a change, or the poll interval passes; else a plain sleep. */
  private void waitForMail(Folder folder) throws MessagingException {
    if (folder instanceof IMAPFolder imapFolder && store instanceof IMAPStore is && is.hasCapability("IDLE")) {
      ScheduledFuture<?> wake = watchdog.schedule(() -> {
        try {
          // any command on the folder from another thread ends the IDLE
          imapFolder.getMessageCount();
        } catch (MessagingException | RuntimeException ignored) {
          // the poller sees the same failure itself
        }
      }, imap.pollSeconds(), TimeUnit.SECONDS);
      try {
        imapFolder.idle(true);
      } finally {
        wake.cancel(false);
      }
    } else {
      sleep(imap.pollSeconds() * 1000L);
    }
  }

  private void closeQuietly() {
    Store s = store;
    store = null;
    if (s != null) {
      try {
        s.close();
      } catch (MessagingException | RuntimeException ignored) {
        // going away anyway
      }
    }
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
