package dev.helpdesk.mail;

import dev.helpdesk.config.Config;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox over SMTP. Mails are claimed with a lease (SKIP LOCKED, so several
 * instances share the work), sent, then marked; a failure retries with exponential
 * back-off, and a crash between sending and marking only re-sends after the lease.
 */
public final class MailSender extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(MailSender.class);

  public static final String KICK = "helpdesk.mail.kick";
  private static final int BATCH = 20;
  /**
   * Mails of one batch sent side by side. One at a time, each on a fresh SMTP session, a burst
   * (a bulk change that answers many requesters) drained at a few mails a second.
   */
  static final int LANES = 4;
  private static final long POLL_MS = 1_000;
  /**
   * A send that has no answer by then fails and is retried with a fresh client: a server that
   * went silent mid-session (stopped, a dead link; with the epoll transport the close may never
   * be seen) must not hold the outbox forever.
   */
  static final long SEND_TIMEOUT_MS = 10_000;

  private static final String CLAIM = "UPDATE outbox SET attempts = attempts + 1,"
      + " next_attempt_at = now() + make_interval(secs => $2)"
      + " WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= now()"
      + " ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)"
      + " RETURNING id, to_address, subject, text_body, html_body, attempts, ticket_id, automatic, cc_addresses";
  private static final String SENT = "UPDATE outbox SET sent_at = now(), last_error = NULL WHERE id = $1";
  /** Hands back mails claimed but not sent when the instance stops, so another one sends them now. */
  private static final String HAND_BACK = "UPDATE outbox SET next_attempt_at = now(),"
      + " attempts = GREATEST(attempts - 1, 0) WHERE id = ANY($1) AND sent_at IS NULL";
  private static final String FAILED = "UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $2),"
      + " last_error = $3 WHERE id = $1";

  private final Pool pool;
  private final Config.Smtp smtp;
  /** From and Reply-To of every mail, and the domain of our Message-IDs (mail in recognises them). */
  private final String fromAddress;
  private MailConfig config;
  /** A send of this round had no answer in time: the round stops and hands back the rest. */
  private boolean stalled;
  private MailClient client;
  private boolean draining;
  private boolean again;
  private boolean stopping;
  private long timer = -1;
  private Future<?> round = Future.succeededFuture();
  /** Claimed in this round and not yet sent or failed: what a stop hands back. */
  private final Set<Long> inHand = new LinkedHashSet<>();
  /** The mails on their way to the SMTP server: they keep their lease (they may yet be delivered). */
  private final Set<Long> sendingNow = new HashSet<>();
  /** How long a stop waits for the mails being sent before it hands back the others anyway. */
  static final long STOP_WAIT_MS = 5_000;

  public MailSender(Pool pool, Config.Smtp smtp) {
    this(pool, smtp, null);
  }

  public MailSender(Pool pool, Config.Smtp smtp, String supportAddress) {
    this.pool = pool;
    this.smtp = smtp;
    this.fromAddress = supportAddress != null ? supportAddress : smtp.from();
  }

  @Override
  public Future<?> start() {
    MailConfig config = new MailConfig()
        .setHostname(smtp.host())
        .setPort(smtp.port())
        .setStarttls(smtp.user() == null ? StartTLSOptions.DISABLED : StartTLSOptions.OPTIONAL)
        .setLogin(smtp.user() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setUsername(smtp.user())
        .setPassword(smtp.password())
        // Sessions are kept open between mails: with the epoll transport a closed session cost
        // 200 ms before the next could start (11 ms with NIO), so a lane sent four or five mails
        // a second. An idle session is closed after 60 s, below the idle limit of common servers;
        // a kept session the server dropped meanwhile is noticed by the RSET before its reuse.
        .setKeepAlive(true)
        .setKeepAliveTimeout(60)
        .setMaxPoolSize(LANES);
    config.setConnectTimeout(5_000);
    this.config = config;
    client = MailClient.create(vertx, config);
    timer = vertx.setPeriodic(POLL_MS, id -> drain());
    vertx.eventBus().localConsumer(KICK, msg -> drain());
    log.info("Sending mail through {}:{}", smtp.host(), smtp.port());
    return Future.succeededFuture();
  }

  /** Sends batches until nothing is due; a call while draining asks for one more round. */
  private void drain() {
    if (stopping) {
      return;
    }
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    again = false;
    round = sendBatch()
        .onComplete(ar -> {
          draining = false;
          if (ar.failed()) {
            log.warn("Outbox round failed: {}", ar.cause().getMessage());
          } else if (ar.result() == BATCH || again) {
            drain();
          }
        });
  }

  private Future<Integer> sendBatch() {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(BATCH, (double) smtp.leaseSeconds())).compose(this::sendAll);
  }

  private Future<Integer> sendAll(RowSet<Row> rows) {
    for (Row row : rows) {
      inHand.add(row.getLong("id"));
    }
    stalled = false;
    List<Future<Void>> lanes = new ArrayList<>();
    // a mail without a ticket (a sign-in link) is a lane key of its own
    for (List<Row> lane : lanes(rows, row -> row.getLong("ticket_id") != null ? (Object) row.getLong("ticket_id")
        : "mail-" + row.getLong("id"))) {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : lane) {
        // once stopping, or once the server stalled, the rest of the batch stays in hand and is handed back
        chain = chain.compose(v -> {
          if (stopping || stalled) {
            return Future.succeededFuture();
          }
          long id = row.getLong("id");
          sendingNow.add(id);
          return send(row).onComplete(ar -> {
            inHand.remove(id);
            sendingNow.remove(id);
          });
        });
      }
      lanes.add(chain);
    }
    // after a stall the next round claims afresh (the rows may have changed meanwhile), with a new client
    return Future.join(lanes).<Void>mapEmpty()
        .compose(v -> stalled && !stopping ? handBack() : Future.<Void>succeededFuture()).map(rows.size());
  }

  /**
   * The batch in up to {@link #LANES} lanes sent side by side: a ticket's mails share a lane, in
   * the order they were queued, so a requester never gets an answer before the mail it follows.
   */
  static <T> List<List<T>> lanes(Iterable<T> mails, Function<T, Object> ticketOf) {
    Map<Object, List<T>> byTicket = new LinkedHashMap<>();
    for (T mail : mails) {
      byTicket.computeIfAbsent(ticketOf.apply(mail), k -> new ArrayList<>()).add(mail);
    }
    List<List<T>> lanes = new ArrayList<>();
    int next = 0;
    for (List<T> ticketMails : byTicket.values()) {
      if (lanes.size() < LANES) {
        lanes.add(new ArrayList<>());
      }
      lanes.get(next++ % LANES).addAll(ticketMails);
    }
    return lanes;
  }

  private Future<Void> send(Row row) {
    long id = row.getLong("id");
    Long ticketId = row.getLong("ticket_id");
    String domain = domain(fromAddress);
    MailMessage message = new MailMessage()
        .setFrom(fromAddress)
        .setTo(row.getString("to_address"))
        .setSubject(row.getString("subject"))
        .setText(row.getString("text_body"))
        .setHtml(row.getString("html_body"))
        .addHeader("Reply-To", fromAddress)
        // the same id on a re-send after a crash, so that mail systems can tell it is one mail
        .addHeader("Message-ID", "<outbox-" + id + "@" + domain + ">");
    String[] ccs = row.getArrayOfStrings("cc_addresses");
    if (ccs != null && ccs.length > 0) {
      message.setCc(List.of(ccs));
    }
    if (Boolean.TRUE.equals(row.getBoolean("automatic"))) {
      message.addHeader("Auto-Submitted", "auto-generated");
    }
    Future<Void> threaded = ticketId == null ? Future.succeededFuture()
        : ThreadHeaders.earlier(pool, ticketId, id, domain).map(refs -> {
          if (!refs.isEmpty()) {
            message.addHeader("In-Reply-To", refs.get(refs.size() - 1));
            message.addHeader("References", String.join(" ", refs));
          }
          return null;
        });
    return threaded.compose(v -> sendAndMark(row, id, message));
  }

  private Future<Void> sendAndMark(Row row, long id, MailMessage message) {
    MailClient sending = client;
    return sending.sendMail(message)
        .timeout(SEND_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onFailure(e -> {
          if (e instanceof java.util.concurrent.TimeoutException) {
            stalled = true;
            if (sending == client) {
              client = MailClient.create(vertx, config); // the stuck connection goes with the old one
              sending.close();
            }
          }
        })
        .compose(result -> pool.preparedQuery(SENT).execute(Tuple.of(id)).<Void>mapEmpty())
        .recover(e -> {
          int attempts = row.getInteger("attempts");
          long delay = Math.min(300, 1L << Math.min(attempts - 1, 10));
          log.warn("Mail {} to {} failed (attempt {}), retrying in {} s: {}", id, row.getString("to_address"),
              attempts, delay, e.getMessage());
          return pool.preparedQuery(FAILED).execute(Tuple.of(id, (double) delay, String.valueOf(e.getMessage())))
              .mapEmpty();
        });
  }

  private static String domain(String address) {
    return address.substring(address.indexOf('@') + 1);
  }

  /**
   * After the transaction that queued a mail commits, wakes the sender of this instance (a
   * wake before the commit would find nothing to claim). Outside a transaction: at once.
   */
  public static void wakeAfterCommit(io.vertx.sqlclient.SqlClient client, io.vertx.core.eventbus.EventBus bus) {
    io.vertx.sqlclient.Transaction tx = client instanceof io.vertx.sqlclient.SqlConnection c ? c.transaction() : null;
    if (tx == null) {
      bus.send(KICK, null);
    } else {
      tx.completion().onSuccess(v -> bus.send(KICK, null));
    }
  }

  /** Finishes the mails being sent, then hands back what this instance claimed and did not send. */
  @Override
  public Future<?> stop() {
    stopping = true;
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
    return round.timeout(STOP_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS).transform(ar -> handBack())
        .onComplete(ar -> {
          if (client != null) {
            client.close(); // not awaited: a connection stuck on a silent SMTP server must not hold the stop
          }
        });
  }

  private Future<Void> handBack() {
    Long[] ids = inHand.stream().filter(id -> !sendingNow.contains(id)).toArray(Long[]::new);
    if (ids.length == 0) {
      return Future.succeededFuture();
    }
    log.info("Handing back {} claimed mail(s) for another instance to send", ids.length);
    return pool.preparedQuery(HAND_BACK).execute(Tuple.of((Object) ids)).<Void>mapEmpty()
        .onSuccess(v -> List.of(ids).forEach(inHand::remove));
  }
}
