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
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
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
 * the pipeline's claim on the Message-ID makes that second look a no-op. A reply is taken
 * after the mail it answers when both are in the mailbox, and a reply to nothing known yet is
 * held back a few seconds ({@link ReplyOrder}; docs/mail.md). Between rounds it
 * waits in IMAP IDLE where the server offers it (woken every poll interval at the latest),
 * else it sleeps the poll interval.
 */
public final class ImapPoller {

  private static final Logger log = LoggerFactory.getLogger(ImapPoller.class);
  /**
   * Mails per window. A window is one FETCH and one STORE, and a command costs the server about
   * the same whatever the number of mails (GreenMail walks its whole mailbox for each, and a
   * remote server is a round trip away): with windows of 8 those commands were a fifth of the
   * CPU of the IMAP benchmark.
   */
  static final int WINDOW = 32;
  /** A window stops short of this many bytes of mail (RFC822.SIZE), keeping at least one. */
  private static final long WINDOW_BYTES = 4L << 20;
  /** Windows handed to the pipeline before the poller waits for the first of them. */
  private static final int WINDOWS_IN_FLIGHT = 2;
  private static final FetchProfile WHOLE_MAILS = new FetchProfile();
  /** What orders a round: each mail's UID and the ids it has and names. */
  private static final FetchProfile IDS = new FetchProfile();

  static {
    MailStreams.nameProvider();
    WHOLE_MAILS.add(IMAPFolder.FetchProfileItem.MESSAGE);
    IDS.add(UIDFolder.FetchProfileItem.UID);
    IDS.add(FetchProfile.Item.SIZE);
    IDS.add("Message-ID");
    IDS.add("In-Reply-To");
    IDS.add("References");
    IDS.add("From");
  }
  /** How long a reply whose original is nowhere yet is held back (see {@link ReplyOrder}). */
  static final Duration HOLD = Duration.ofSeconds(5);
  /** How soon to look again while a mail is held back (new mail ends the wait sooner). */
  private static final long HELD_RECHECK_MS = 500;
  private static final int BATCH = 500;
  private static final long WAIT_FOR_PIPELINE_SECONDS = 120;

  private final Config.Imap imap;
  private final InboundPipeline pipeline;
  private final MailboxState state;
  private final ScheduledExecutorService watchdog;
  private final long holdNanos;
  private final int windowSize;
  /** UIDs held back, by when they were first seen; poller thread only. */
  private final Map<Long, Long> heldSince = new HashMap<>();
  private List<Long> held = List.of();
  /** Mails of the last round another instance was taking; poller thread only. */
  private int takenElsewhere;
  private volatile boolean running;
  private volatile Store store;
  private Thread thread;

  public ImapPoller(Config.Imap imap, InboundPipeline pipeline, MailboxState state) {
    this(imap, pipeline, state, HOLD, WINDOW);
  }

  /** With a shorter hold and smaller windows, for tests. */
  ImapPoller(Config.Imap imap, InboundPipeline pipeline, MailboxState state, Duration hold, int windowSize) {
    this.holdNanos = hold.toNanos();
    this.windowSize = windowSize;
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
          // soon again when mails were left for later: held ones, or another instance's (should it fail)
          waitForMail(folder, held.isEmpty() && takenElsewhere == 0 ? imap.pollSeconds() * 1000L : HELD_RECHECK_MS);
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

  /**
   * One pass over the unseen mails: their ids first (one FETCH), to take originals before their
   * replies ({@link ReplyOrder}); then a window of them at a time through the pipeline, a reply
   * chained on the outcome of its original, each flagged once committed.
   */
  private int round(Folder folder) throws Exception {
    Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
    List<Message> look = new ArrayList<>();
    for (int i = 0; i < Math.min(unseen.length, BATCH); i++) {
      if (!unseen[i].isExpunged()) {
        look.add(unseen[i]);
      }
    }
    held = List.of();
    takenElsewhere = 0;
    state.held(0);
    if (look.isEmpty()) {
      return 0;
    }
    folder.fetch(look.toArray(Message[]::new), IDS);
    List<ReplyOrder.Mail> mails = new ArrayList<>(look.size());
    Set<String> refs = new HashSet<>();
    for (Message m : look) {
      ReplyOrder.Mail mail = new ReplyOrder.Mail(((UIDFolder) folder).getUID(m),
          MailParser.firstId(header(m, "Message-ID")), refsOf(m), senderOf(m));
      mails.add(mail);
      refs.addAll(mail.refs());
    }
    Set<String> known = waitFor(pipeline.known(refs));
    long now = System.nanoTime();
    ReplyOrder.Plan plan = ReplyOrder.plan(mails, known,
        uid -> now - heldSince.computeIfAbsent(uid, u -> now) >= holdNanos);
    heldSince.keySet().retainAll(plan.held());
    held = plan.held();
    state.held(held.size());

    Map<Integer, Future<Outcome>> outcomes = new HashMap<>();
    ArrayDeque<List<Integer>> inFlight = new ArrayDeque<>();
    int taken = 0;
    int next = 0;
    while (next < plan.order().size() && running) {
      List<Integer> window = new ArrayList<>();
      long bytes = 0;
      for (; next < plan.order().size() && window.size() < windowSize; next++) {
        int i = plan.order().get(next);
        Message m = look.get(i);
        if (m.isExpunged()) {
          outcomes.put(i, Future.succeededFuture(Outcome.ignored(null, "gone from the mailbox")));
          continue;
        }
        long size = Math.max(0, m.getSize());
        if (!window.isEmpty() && bytes + size > WINDOW_BYTES) {
          break;
        }
        window.add(i);
        bytes += size;
      }
      if (window.isEmpty()) {
        continue;
      }
      // a window of mails in one FETCH and their \Seen in one STORE; the next window is fetched
      // while this one is taken
      folder.fetch(window.stream().map(look::get).toArray(Message[]::new), WHOLE_MAILS);
      for (int i : window) {
        // its originals in the round: earlier in the order, so in this window or one sent before
        List<Future<Outcome>> originals = plan.parents().get(i).stream().map(outcomes::get).toList();
        outcomes.put(i, pipeline.receive(raw(look.get(i)), Future.all(originals)));
      }
      inFlight.add(window);
      if (inFlight.size() == WINDOWS_IN_FLIGHT) {
        taken += settle(folder, inFlight.poll(), look, outcomes);
      }
    }
    while (!inFlight.isEmpty()) {
      taken += settle(folder, inFlight.poll(), look, outcomes);
    }
    return taken;
  }

  /**
   * Waits for a window's mails and flags those committed \Seen, in one STORE; those another
   * instance is taking stay unseen (it flags them).
   */
  private int settle(Folder folder, List<Integer> window, List<Message> look,
                     Map<Integer, Future<Outcome>> outcomes) throws Exception {
    List<Message> committed = new ArrayList<>();
    try {
      for (int i : window) {
        try {
          // throws when the pipeline could record nothing (the database is away): the mail stays unseen
          waitFor(outcomes.get(i));
          committed.add(look.get(i));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TakenElsewhere)) {
            throw e;
          }
          takenElsewhere++;
        }
      }
    } finally {
      if (!committed.isEmpty()) {
        folder.setFlags(committed.toArray(Message[]::new), new Flags(Flags.Flag.SEEN), true);
      }
    }
    return committed.size();
  }

  private static <T> T waitFor(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT_FOR_PIPELINE_SECONDS, TimeUnit.SECONDS);
  }

  private static String header(Message m, String name) throws MessagingException {
    String[] values = m.getHeader(name);
    return values == null ? null : String.join(" ", values);
  }

  /** The From address in lower case, or null when there is none that parses. */
  private static String senderOf(Message m) {
    try {
      String from = header(m, "From");
      jakarta.mail.internet.InternetAddress[] all = from == null ? null
          : jakarta.mail.internet.InternetAddress.parseHeader(from, false);
      return all == null || all.length == 0 || all[0].getAddress() == null ? null
          : all[0].getAddress().toLowerCase(java.util.Locale.ROOT);
    } catch (MessagingException | RuntimeException e) {
      return null; // a From that does not parse: the mail waits for nobody's earlier mail
    }
  }

  /** In-Reply-To, then References, as the pipeline threads by them. */
  private static List<String> refsOf(Message m) throws MessagingException {
    List<String> refs = new ArrayList<>(MailParser.ids(header(m, "In-Reply-To")));
    for (String id : MailParser.ids(header(m, "References"))) {
      if (!refs.contains(id)) {
        refs.add(id);
      }
    }
    return refs;
  }

  private static byte[] raw(Message m) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, Math.min(m.getSize(), 30 << 20)));
    m.writeTo(out);
    return out.toByteArray();
  }

  /** IDLE until the server reports a change, or {@code ms} pass; else a plain sleep. */
  private void waitForMail(Folder folder, long ms) throws MessagingException {
    if (folder instanceof IMAPFolder imapFolder && store instanceof IMAPStore is && is.hasCapability("IDLE")) {
      ScheduledFuture<?> wake = watchdog.schedule(() -> {
        try {
          // a command on the folder from another thread ends the IDLE; a NOOP always goes out
          // (getMessageCount sends nothing when the last command is under a second old)
          imapFolder.doCommand(p -> {
            p.simpleCommand("NOOP", null);
            return null;
          });
        } catch (MessagingException | RuntimeException ignored) {
          // the poller sees the same failure itself
        }
      }, ms, TimeUnit.MILLISECONDS);
      try {
        imapFolder.idle(true);
      } finally {
        wake.cancel(false);
      }
    } else {
      sleep(ms);
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
