package dev.helpdesk.inbound;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.conversation.AttachmentRepository;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.conversation.NewMessage;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketRepository;
import dev.helpdesk.writes.TicketWriter;
import dev.helpdesk.writes.WriteTx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pipeline behind both doors. Parsing runs on a worker thread; the decision and its
 * writes run in one transaction of the one write path ({@link TicketWriter#door})
 * that starts by claiming the mail's key in {@code inbound_mails}, so a mail is taken exactly
 * once however many pollers see it: the claim commits with the ticket or message it becomes,
 * or not at all. The ticket, message and notes are planned by the writer
 * ({@link TicketWriter#createIn}, {@link TicketWriter#postIn}, {@link TicketWriter#noteIn});
 * what this package writes itself (the {@code inbound_mails} row, the CCs, the mail's files)
 * is its own tables. A mail that cannot be taken is set aside with its reason; nothing here
 * answers a failure upwards for a bad mail.
 */
public final class InboundPipeline {

  private static final Logger log = LoggerFactory.getLogger(InboundPipeline.class);

  static final int LOOP_LIMIT = 20;
  /** How a mail's messages reached the thread. */
  private static final String VIA = "email";
  private static final int SUBJECT_MAX = 200;
  private static final int DESCRIPTION_MAX = 100_000;
  private static final int REPLY_MAX = 50_000;
  private static final Pattern REF_IN_SUBJECT = Pattern.compile("\\[TKT-0*(\\d{1,15})\\]", Pattern.CASE_INSENSITIVE);

  private final Vertx vertx;
  private final Pool pool;
  private final TicketWriter writer;
  private final Set<String> ourAddresses;
  private final String ourDomain;

  public InboundPipeline(Vertx vertx, Pool pool, TicketWriter writer, String supportAddress, String smtpFrom) {
    this.vertx = vertx;
    this.pool = pool;
    this.writer = writer;
    String support = supportAddress != null ? supportAddress : smtpFrom;
    // a set of one when the support address is also the SMTP sender (the default)
    this.ourAddresses = Stream.of(support, smtpFrom).map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.ourDomain = OwnMail.domain(support);
  }

  /** The domain of our Message-IDs (the support address's). */
  public String ourDomain() {
    return ourDomain;
  }

  /** Takes one raw mail. Fails only when the database cannot record anything (the mail should then be offered again). */
  public Future<Outcome> receive(byte[] raw) {
    return process(raw, null, Future.succeededFuture(), false);
  }

  /**
   * Takes one raw mail from the mailbox once {@code after} (the mails it answers, being taken)
   * has succeeded: parsed meanwhile, its transaction starts only then, so it sees them committed.
   * Fails, and takes nothing, when {@code after} fails (the mail should then be offered again
   * after them), and with {@link TakenElsewhere} when another instance is taking this mail right
   * now: waiting for that one's commit would hold up this instance's writer, which runs one
   * transaction at a time, and then find the mail taken.
   */
  Future<Outcome> receive(byte[] raw, Future<?> after) {
    return process(raw, null, after, true);
  }

  /** Of these Message-IDs, those that are ours or of a mail taken already (a reply to them needs no waiting). */
  Future<Set<String>> known(Collection<String> ids) {
    Set<String> ours = ids.stream().filter(id -> OwnMail.outboxId(id, ourDomain) != null).collect(Collectors.toSet());
    List<String> others = ids.stream().filter(id -> !ours.contains(id)).distinct().toList();
    return InboundStore.taken(pool, others).map(taken -> {
      Set<String> all = new HashSet<>(ours);
      all.addAll(taken);
      return all;
    });
  }

  /** Takes a set-aside mail again; empty when there is no such set-aside mail. */
  public Future<Optional<Outcome>> retry(long rejectedId) {
    return InboundStore.rejectedSource(pool, rejectedId).compose(source -> source.isEmpty()
        ? Future.succeededFuture(Optional.empty())
        : process(source.get(), rejectedId, Future.succeededFuture(), false).map(Optional::of));
  }

  private Future<Outcome> process(byte[] raw, Long retryOf, Future<?> after, boolean skipTakenElsewhere) {
    return vertx.executeBlocking(() -> MailParser.parse(raw), false)
        .compose(mail -> after.compose(v -> writer.door(w -> skipTakenElsewhere
                ? InboundStore.tryClaimLock(w.sql(), mail.key()).compose(free -> free ? take(w, mail, raw, retryOf)
                    : Future.failedFuture(new TakenElsewhere()))
                : take(w, mail, raw, retryOf))
            .recover(e -> e instanceof TakenElsewhere ? Future.failedFuture(e)
                : setAside(raw, mail.key(), mail.from().email(), mail.subject(), failure(e), retryOf))))
        .recover(e -> e instanceof BadMail
            ? setAside(raw, "sha256:" + MailParser.sha256(raw), MailParser.peekHeader(raw, "From"),
                MailParser.peekHeader(raw, "Subject"), e.getMessage(), retryOf)
            : Future.failedFuture(e));
  }

  private static String failure(Throwable e) {
    return "could not be taken: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private Future<Outcome> setAside(byte[] raw, String key, String from, String subject, String reason, Long retryOf) {
    log.warn("Mail from {} set aside: {}", from, reason);
    return pool.withTransaction(tx -> (retryOf == null ? Future.succeededFuture(true)
            : InboundStore.takeRejected(tx, retryOf))
        .compose(v -> InboundStore.setAside(tx, key, from, subject, reason, raw))
        .map(stored -> stored ? Outcome.ignored(null, "set aside: " + reason)
            : Outcome.duplicate("a mail with this Message-ID was taken already")));
  }

  private Future<Outcome> take(WriteTx w, ParsedMail mail, byte[] raw, Long retryOf) {
    SqlClient tx = w.sql();
    return (retryOf == null ? Future.succeededFuture(true) : InboundStore.takeRejected(tx, retryOf))
        .compose(v -> InboundStore.claim(tx, mail, raw))
        .compose(claimed -> claimed.isEmpty()
            ? Future.succeededFuture(Outcome.duplicate("a mail with this Message-ID was taken already"))
            : decide(w, mail, claimed.get()));
  }

  private Future<Outcome> decide(WriteTx w, ParsedMail mail, long row) {
    SqlClient tx = w.sql();
    String from = mail.from().email();
    if (ourAddresses.contains(from) || OwnMail.outboxId(mail.messageId(), ourDomain) != null) {
      return ignore(tx, row, null, "our own mail");
    }
    if (mail.isBounce()) {
      return bounce(w, mail, row);
    }
    if (mail.autoReason() != null) {
      return ignore(tx, row, null, mail.autoReason());
    }
    return InboundStore.recentFrom(tx, from).compose(count -> {
      if (count > LOOP_LIMIT) { // the count includes this mail's own claim
        String reason = "a loop: more than " + LOOP_LIMIT + " mails from " + from + " within 10 minutes";
        return InboundStore.finish(tx, row, "rejected", reason, null, null)
            .map(Outcome.ignored(null, "set aside: " + reason));
      }
      return thread(tx, mail).compose(found -> InboundStore.staff(tx, from).compose(staff -> found.isEmpty()
          ? create(w, mail, row)
          : allowed(tx, found.get(), mail, staff).compose(ok -> ok
              ? append(w, mail, row, found.get(), staff)
              : create(w, mail, row))));
    });
  }

  private static Future<Outcome> ignore(SqlClient tx, long row, Ticket ticket, String reason) {
    return InboundStore.finish(tx, row, "ignored", reason, ticket == null ? null : ticket.id(), null)
        .map(Outcome.ignored(ticket == null ? null : ticket.ref(), reason));
  }

  /** The contract's order: a Message-ID we sent or took in In-Reply-To/References, then [TKT-…] in the subject. */
  private Future<Optional<Ticket>> thread(SqlClient tx, ParsedMail mail) {
    return InboundStore.ticketOfReferences(tx, mail.references(), ourDomain).compose(byRef -> {
      if (byRef.isPresent()) {
        return TicketRepository.lockById(tx, byRef.get());
      }
      Matcher m = REF_IN_SUBJECT.matcher(mail.subject());
      return m.find() ? TicketRepository.lockById(tx, Long.parseLong(m.group(1)))
          : Future.succeededFuture(Optional.empty());
    });
  }

  /** Only the ticket's requester, one of its CCs, or staff may write into it. */
  private static Future<Boolean> allowed(SqlClient tx, Ticket t, ParsedMail mail, Optional<InboundStore.Person> staff) {
    String from = mail.from().email();
    if (staff.isPresent() || from.equalsIgnoreCase(t.requester().email())) {
      return Future.succeededFuture(true);
    }
    return Ccs.isCc(tx, t.id(), from);
  }

  private Future<Outcome> append(WriteTx w, ParsedMail mail, long row, Ticket t,
                                 Optional<InboundStore.Person> staff) {
    SqlClient tx = w.sql();
    Future<Caller> author;
    if (staff.isPresent()) {
      InboundStore.Person p = staff.get();
      author = Future.succeededFuture(new Caller(p.id(), Caller.Kind.USER,
          WireEnum.parse(Role.class, p.role()).orElse(Role.AGENT), p.name(), p.email()));
    } else if (mail.from().email().equalsIgnoreCase(t.requester().email())) {
      Ticket.Requester r = t.requester();
      author = Future.succeededFuture(new Caller(r.id(), "contact".equals(r.type()) ? Caller.Kind.CONTACT
          : Caller.Kind.USER, Role.REQUESTER, r.name(), r.email()));
    } else {
      author = InboundStore.contact(tx, mail.from()).map(InboundStore::contactCaller);
    }
    String body = clip(QuoteCutter.cut(mail.text()).text(), REPLY_MAX);
    return author.compose(caller -> files(tx, caller, mail.files()).compose(ids -> writer.postIn(w, caller,
            t.id(), new NewMessage(MessageType.REPLY, body.isEmpty() && ids.isEmpty() ? "(no text)" : body, ids),
            true, VIA).map(posted -> posted.value()))
        .compose(message -> tooLarge(w, message.ticketId(), mail)
            .map(v -> {
              InboundStore.finishLater(w, row, "appended", message.ticketId(), message.id());
              return Outcome.appended(Ticket.refOf(message.ticketId()));
            })));
  }

  private Future<Outcome> create(WriteTx w, ParsedMail mail, long row) {
    SqlClient tx = w.sql();
    String subject = REF_IN_SUBJECT.matcher(mail.subject()).replaceAll("").replaceAll("\\s+", " ").strip();
    String description = clip(mail.text(), DESCRIPTION_MAX);
    return InboundStore.contact(tx, mail.from()).compose(person -> {
      Caller requester = InboundStore.contactCaller(person);
      NewTicket n = new NewTicket(subject.isEmpty() ? "(no subject)" : clip(subject, SUBJECT_MAX), description,
          Priority.MEDIUM, Category.GENERAL, Channel.EMAIL, person.id(), null, null, List.of(), null, null);
      return writer.createIn(w, requester, n).map(created -> created.value())
          .compose(t -> {
            Ccs.insertLater(w.changes(), t.id(), ccsOf(mail));
            return firstFiles(w, requester, t, mail)
                .compose(messageId -> tooLarge(w, t.id(), mail).map(v -> {
                  InboundStore.finishLater(w, row, "created", t.id(), messageId);
                  return Outcome.created(t.ref());
                }));
          });
    });
  }

  /** The To and Cc of the first mail, other than the support address and the sender. */
  private List<Ccs.Cc> ccsOf(ParsedMail mail) {
    List<Ccs.Cc> ccs = new ArrayList<>();
    List<ParsedMail.Address> all = new ArrayList<>(mail.to());
    all.addAll(mail.cc());
    for (ParsedMail.Address a : all) {
      if (!ourAddresses.contains(a.email()) && !a.email().equals(mail.from().email())) {
        ccs.add(new Ccs.Cc(a.email(), a.name()));
      }
    }
    return ccs;
  }

  /** A new ticket's files arrive in a first reply by the requester (the ticket itself has no files). */
  private Future<Long> firstFiles(WriteTx w, Caller requester, Ticket t, ParsedMail mail) {
    if (mail.files().isEmpty()) {
      return Future.succeededFuture(null);
    }
    return files(w.sql(), requester, mail.files()).compose(ids -> writer.postIn(w, requester, t.id(),
        new NewMessage(MessageType.REPLY, "Files sent with the request.", ids), true, VIA))
        .map(posted -> posted.value().id());
  }

  private static Future<List<Long>> files(SqlClient tx, Caller uploader, List<ParsedMail.File> files) {
    Future<List<Long>> chain = Future.succeededFuture(new ArrayList<>());
    for (ParsedMail.File f : files.subList(0, Math.min(files.size(), 50))) {
      chain = chain.compose(ids -> AttachmentRepository.storeFile(tx, uploader.requesterKey(), f.filename(),
          f.contentType(), f.data()).map(info -> {
            ids.add(info.id());
            return ids;
          }));
    }
    return chain;
  }

  private static Future<Void> tooLarge(WriteTx w, long ticketId, ParsedMail mail) {
    if (mail.tooLarge().isEmpty()) {
      return Future.succeededFuture();
    }
    String note = "Left out of the mail from " + mail.from().email() + " (over 10 MiB each): "
        + String.join(", ", mail.tooLarge());
    // the ticket as this transaction planned it (a new one is not written yet)
    Ticket planned = TicketWriter.planned(w, ticketId);
    Future<Optional<Ticket>> ticket = planned != null ? Future.succeededFuture(Optional.of(planned))
        : TicketRepository.findById(w.sql(), ticketId);
    return ticket.compose(t -> t.isEmpty() ? Future.succeededFuture()
        : TicketWriter.noteIn(w, Caller.system(), t.get(), note).mapEmpty());
  }

  /** A delivery report: a system message on the ticket whose mail bounced; nothing is answered. */
  private Future<Outcome> bounce(WriteTx w, ParsedMail mail, long row) {
    SqlClient tx = w.sql();
    ParsedMail.Bounce b = mail.bounce();
    List<String> refs = b.originalMessageId() == null ? mail.references() : List.of(b.originalMessageId());
    return InboundStore.ticketOfReferences(tx, refs, ourDomain)
        .compose(id -> id.isEmpty() ? Future.succeededFuture(Optional.<Ticket>empty())
            : TicketRepository.lockById(tx, id.get()))
        .compose(t -> {
          if (t.isEmpty()) {
            return ignore(tx, row, null, "a bounce of a mail we did not send");
          }
          String note = "Mail to " + b.recipient() + " could not be delivered: " + b.reason();
          return TicketWriter.noteIn(w, Caller.system(), t.get(), note)
              .compose(v -> ignore(tx, row, t.get(), "a bounce: " + note));
        });
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 60) + "\n\n(cut here; the whole mail is kept as its original)";
  }
}
