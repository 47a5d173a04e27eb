package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.mail.Mail;
import dev.helpdesk.search.FilterRow;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Ticket;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one transaction changes, as data: new and changed ticket rows, thread messages,
 * files attached, history, events (in the order they are to be numbered) and mails.
 * Planners and hooks add to it; only {@link RowWriter} turns it into SQL.
 */
public final class ChangeSet {

  /** An existing ticket as it is to be written, with the SLA state that re-arms the watcher (or null). */
  record Saved(Ticket ticket, String slaState, Ticket before) {}

  /** A saved ticket: its row before this change (as an earlier change of the batch left it) and as written. */
  public record Update(Ticket before, Ticket after) {}

  record HistoryRow(long ticketId, Long actorId, String actorName, String field, String from, String to) {}

  /** {@code counted}: the ticket's filterable fields before and after (internal, for view counts), or null. */
  record EventRow(String kind, Long ticketId, String requester, boolean internal, String payload, String counted) {}

  record Attach(long fileId, long messageId) {}

  record SlaMark(long ticketId, String state) {}

  /** A statement a hook adds to the transaction, written after the change's own rows. */
  public record Extra(String sql, Tuple params) {}

  /**
   * What one change did to one ticket, for hooks (notifications, routing): who did it, the
   * ticket before (null when it is new) and as written, the message it added (or null), the
   * SLA state the ticket crossed into (approaching, breached; null for any other change).
   */
  public record Done(Caller caller, Ticket before, Ticket after, Message message, SlaState crossed) {}

  /**
   * A mail to a staff member about a kind of change ({@code assigned}, {@code sla_breached}),
   * which a hook may hold back (the person turned that kind's mails off).
   */
  public record StaffMail(long userId, String kind, Mail mail) {}

  /** Sizes of the lists, to undo a change whose planning failed half-way. */
  record Mark(int inserted, int saved, int messages, int attachments, int history, int events, int mails,
              int slaMarks, int extras, int done, int staffMails, int eventsAhead) {}

  private final java.time.Instant at;
  final List<Ticket> inserted = new ArrayList<>();
  final List<Saved> saved = new ArrayList<>();
  final List<Message> messages = new ArrayList<>();
  final List<Attach> attachments = new ArrayList<>();
  final List<HistoryRow> history = new ArrayList<>();
  final List<EventRow> events = new ArrayList<>();
  final List<EventRow> eventsAhead = new ArrayList<>();
  final List<Mail> mails = new ArrayList<>();
  final List<SlaMark> slaMarks = new ArrayList<>();
  final List<Extra> extras = new ArrayList<>();
  final List<Done> done = new ArrayList<>();
  final List<StaffMail> staffMails = new ArrayList<>();

  ChangeSet(java.time.Instant at) {
    this.at = at;
  }

  /**
   * The transaction's time ({@link WriteTx#now}): the time every row of it carries (a message's
   * and a ticket's {@code created_at}/{@code updated_at}); a hook's rows use it too.
   */
  public java.time.Instant at() {
    return at;
  }

  void insert(Ticket t) {
    inserted.add(t);
  }

  private boolean solo;

  void save(Ticket t, String slaState, Ticket before) {
    saved.add(new Saved(t, slaState, before));
  }

  void solo(boolean isSolo) {
    this.solo = isSolo;
  }

  void message(Message m) {
    messages.add(m);
  }

  void attach(long fileId, long messageId) {
    attachments.add(new Attach(fileId, messageId));
  }

  void history(long ticketId, Long actorId, String actorName, String field, String from, String to) {
    history.add(new HistoryRow(ticketId, actorId, actorName, field, from, to));
  }

  void slaNotified(long ticketId, String state) {
    slaMarks.add(new SlaMark(ticketId, state));
  }

  /** Appends an event; events get their ids at commit in the order they were added. */
  public void event(String kind, Long ticketId, String requesterKey, boolean internal, String payloadJson) {
    events.add(new EventRow(kind, ticketId, requesterKey, internal, payloadJson, null));
  }

  /**
   * A ticket event that also says, internally, how the ticket's filterable fields moved
   * ({@link FilterRow#change}), so that every instance moves view counts by delta.
   */
  void ticketEvent(String kind, Ticket t, String payloadJson) {
    events.add(new EventRow(kind, t.id(), t.requester().key(), false, payloadJson,
        FilterRow.change(before(kind, t), FilterRow.of(t))));
  }

  /** {@code ticket.deleted}: the row that left every list (internal, for view counts). */
  void deletedEvent(Ticket gone, String payloadJson) {
    events.add(new EventRow("ticket.deleted", gone.id(), gone.requester().key(), false, payloadJson,
        FilterRow.change(FilterRow.of(gone), null)));
  }

  /**
   * The filterable fields of {@code t} before this change: null when it is new in this
   * transaction, its row before the save that produced it, or (an event about a ticket
   * this change did not save, e.g. an SLA announcement) the ticket itself. A
   * {@code ticket.created} (a new ticket or one restored from the trash) had none.
   */
  private FilterRow before(String kind, Ticket t) {
    if (kind.equals("ticket.created")) {
      return null; // new, or back from the trash
    }
    for (int i = inserted.size() - 1; i >= 0; i--) {
      if (inserted.get(i) == t) {
        return null;
      }
    }
    for (int i = saved.size() - 1; i >= 0; i--) {
      if (saved.get(i).ticket() == t) {
        return FilterRow.of(saved.get(i).before());
      }
    }
    return FilterRow.of(t);
  }

  /**
   * Appends an event that is numbered before every {@link #event} of the transaction: one that goes
   * to one person (a notification) and should not wait while the transaction's ticket events are
   * fanned out to every agent first. All of a transaction's events become visible at its commit,
   * so nobody can see it before the change it is about.
   */
  public void eventAhead(String kind, Long ticketId, String requesterKey, boolean internal, String payloadJson) {
    eventsAhead.add(new EventRow(kind, ticketId, requesterKey, internal, payloadJson, null));
  }

  /** The events in the order they are numbered: those queued ahead, then the others. */
  List<EventRow> eventsInOrder() {
    if (eventsAhead.isEmpty()) {
      return events;
    }
    List<EventRow> all = new ArrayList<>(eventsAhead.size() + events.size());
    all.addAll(eventsAhead);
    all.addAll(events);
    return all;
  }

  /** Queues a mail in the change's transaction; null is ignored. */
  public void mail(Mail mail) {
    if (mail != null) {
      mails.add(mail);
    }
  }

  /** The mails queued so far, in order. */
  public List<Mail> mails() {
    return Collections.unmodifiableList(mails);
  }

  /**
   * Rewrites the mails queued so far (a hook adding copies to a reply); null drops a mail.
   * A staff mail that is changed stays a staff mail; one dropped is held back.
   */
  public void updateMails(java.util.function.UnaryOperator<Mail> change) {
    java.util.ListIterator<Mail> it = mails.listIterator();
    while (it.hasNext()) {
      Mail before = it.next();
      Mail changed = change.apply(before);
      if (changed == before) {
        continue;
      }
      for (java.util.ListIterator<StaffMail> staff = staffMails.listIterator(); staff.hasNext(); ) {
        StaffMail m = staff.next();
        if (m.mail() == before) {
          if (changed == null) {
            staff.remove();
          } else {
            staff.set(new StaffMail(m.userId(), m.kind(), changed));
          }
        }
      }
      if (changed == null) {
        it.remove();
      } else {
        it.set(changed);
      }
    }
  }

  /** A mail to staff member {@code userId} about a change of {@code kind}; null is ignored. */
  public void staffMail(long userId, String kind, Mail mail) {
    if (mail != null) {
      mails.add(mail);
      staffMails.add(new StaffMail(userId, kind, mail));
    }
  }

  /** Takes back a staff mail (a hook found that its recipient does not want it). */
  public void holdBack(StaffMail m) {
    if (staffMails.remove(m)) {
      for (int i = mails.size() - 1; i >= 0; i--) {
        if (mails.get(i) == m.mail()) {
          mails.remove(i);
          break;
        }
      }
    }
  }

  /** The staff mails planned so far. */
  public List<StaffMail> staffMails() {
    return List.copyOf(staffMails);
  }

  /** Records what a change did to a ticket (see {@link Done}). */
  public void done(Done d) {
    done.add(d);
  }

  /** What the changes of this transaction did, ticket by ticket, in the order planned. */
  public List<Done> done() {
    return Collections.unmodifiableList(done);
  }

  /** An extra statement for the same transaction (the extension point for later features). */
  public void extra(String sql, Tuple params) {
    extras.add(new Extra(sql, params));
  }

  /** The tickets created in this transaction, as they will be written. */
  public List<Ticket> created() {
    return Collections.unmodifiableList(inserted);
  }

  /** The tickets changed in this transaction, as they will be written (a ticket changed twice appears twice). */
  public List<Ticket> changed() {
    return saved.stream().map(Saved::ticket).toList();
  }

  /** The tickets changed in this transaction, each with its row before the change, in the order planned. */
  public List<Update> updates() {
    return saved.stream().map(s -> new Update(s.before(), s.ticket())).toList();
  }

  /** True for solo work (a bulk chunk, a merge, auto-close, an SLA round), false for one-by-one changes. */
  public boolean solo() {
    return solo;
  }

  /** The messages added in this transaction. */
  public List<Message> added() {
    return Collections.unmodifiableList(messages);
  }

  boolean isEmpty() {
    return inserted.isEmpty() && saved.isEmpty() && messages.isEmpty() && history.isEmpty() && events.isEmpty()
        && eventsAhead.isEmpty()
        && mails.isEmpty() && slaMarks.isEmpty() && extras.isEmpty() && attachments.isEmpty();
  }

  Mark mark() {
    return new Mark(inserted.size(), saved.size(), messages.size(), attachments.size(), history.size(),
        events.size(), mails.size(), slaMarks.size(), extras.size(), done.size(), staffMails.size(),
        eventsAhead.size());
  }

  void reset(Mark m) {
    cut(inserted, m.inserted());
    cut(saved, m.saved());
    cut(messages, m.messages());
    cut(attachments, m.attachments());
    cut(history, m.history());
    cut(events, m.events());
    cut(mails, m.mails());
    cut(slaMarks, m.slaMarks());
    cut(extras, m.extras());
    cut(done, m.done());
    cut(staffMails, m.staffMails());
    cut(eventsAhead, m.eventsAhead());
  }

  private static void cut(List<?> list, int size) {
    list.subList(size, list.size()).clear();
  }
}
