package dev.helpdesk.writes;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.conversation.Message;
import dev.helpdesk.conversation.MessageType;
import dev.helpdesk.mail.Notifier;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Ticket;
import dev.helpdesk.ticket.TicketHistory;
import dev.helpdesk.ticket.TicketJson;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;

/**
 * One transaction of the write path as planners see it: reads and locks through
 * {@link #sql()}, and the vocabulary of ticket changes (save a ticket, add a system note,
 * announce it) recorded in a {@link ChangeSet} that {@link RowWriter} writes at the end.
 * Nothing here writes by itself.
 */
public final class WriteTx {

  private final SqlClient tx;
  private final ChangeSet changes;
  private final IdPool ids = new IdPool();
  private final Instant now;
  private final TicketJson json;
  private final Notifier notifier;

  WriteTx(SqlClient tx, TicketJson json, Notifier notifier) {
    this.tx = tx;
    this.json = json;
    this.notifier = notifier;
    this.now = json.slaClock().now();
    this.changes = new ChangeSet(now);
  }

  /** For reads and row locks inside the transaction; writes go through the methods below. */
  public SqlClient sql() {
    return tx;
  }

  public ChangeSet changes() {
    return changes;
  }

  public Notifier notifier() {
    return notifier;
  }

  public SlaClock clock() {
    return json.slaClock();
  }

  /** The transaction's time: every row it writes carries it, as every row once carried now(). */
  public Instant now() {
    return now;
  }

  IdPool ids() {
    return ids;
  }

  /** Takes ids for the tickets and system messages about to be planned (one round trip). */
  public Future<Void> reserve(int ticketIds, int messageIds) {
    return ids.reserve(tx, ticketIds, messageIds);
  }

  /**
   * A changed ticket: SLA marks recomputed from its facts, the version bumped or not,
   * updated now, every changed field in the history. Returns the ticket as written.
   */
  public Ticket save(Caller actor, Ticket before, Ticket after, boolean bumpVersion) {
    Ticket m = after.withMarks(json.slaClock());
    Ticket saved = new Ticket(m.id(), m.ref(), m.subject(), m.description(), m.status(), m.priority(), m.category(),
        m.channel(), m.requester(), m.assigneeId(), m.assigneeName(), m.tags(), m.dueAt(), m.createdAt(), now,
        before.version() + (bumpVersion ? 1 : 0), m.mergedIntoId(), m.followUpOfId(), m.firstRespondedAt(),
        m.pausedSeconds(), m.pausedSince(), m.resolvedAt(), m.slaMarks(), m.createdById());
    SlaState state = SlaClock.state(saved.status(), saved.firstRespondedAt(), saved.resolvedAt(), saved.slaMarks(),
        now);
    changes.save(saved, state == SlaState.APPROACHING || state == SlaState.BREACHED ? state.wire() : null, before);
    history(actor, saved.id(), TicketHistory.diff(before, saved));
    return saved;
  }

  public void history(Caller actor, long ticketId, List<TicketHistory.Change> list) {
    Long actorId = actorId(actor);
    for (TicketHistory.Change c : list) {
      changes.history(ticketId, actorId, actor.name(), c.field(), c.from(), c.to());
    }
  }

  /** The ticket's JSON (for a conflict's "current"). */
  public io.vertx.core.json.JsonObject render(Ticket t) {
    return json.render(t);
  }

  /** Renders the ticket once and queues its event; returns the JSON for the answer. */
  public String ticketEvent(String kind, Ticket t) {
    String rendered = json.render(t).encode();
    changes.ticketEvent(kind, t, rendered);
    return rendered;
  }

  public String ticketUpdated(Ticket t) {
    return ticketEvent("ticket.updated", t);
  }

  /** ticket.updated for a ticket whose JSON gains fields another feature keeps (a rating's {@code satisfaction}). */
  public String ticketUpdated(Ticket t, io.vertx.core.json.JsonObject extraFields) {
    String rendered = json.render(t).mergeIn(extraFields).encode();
    changes.ticketEvent("ticket.updated", t, rendered);
    return rendered;
  }

  /** A message of the thread with its message.created event; returns the message's JSON for the answer. */
  public String message(Ticket t, Message m) {
    changes.message(m);
    String rendered = m.toJson().encode();
    changes.event("message.created", t.id(), t.requester().key(), m.isInternal(),
        "{\"ticketRef\":" + Json.encode(t.ref()) + ",\"message\":" + rendered + "}");
    return rendered;
  }

  /** A system message written on behalf of {@code actor} (ids must be reserved). */
  public Message systemNote(Caller actor, Ticket t, String text) {
    Long actorId = actorId(actor);
    Message m = new Message(ids.message(), t.id(), MessageType.SYSTEM,
        actorId == null ? null : new Message.Author("user", actorId, actor.name()), text, now, null, List.of());
    message(t, m);
    return m;
  }

  public void systemNotes(Caller actor, Ticket t, List<String> texts) {
    texts.forEach(text -> systemNote(actor, t, text));
  }

  /** The next reserved ticket id. */
  public long nextTicketId() {
    return ids.ticket();
  }

  /** The next reserved message id. */
  public long nextMessageId() {
    return ids.message();
  }

  /** The user who acts, for system messages, history and mails; null for a contact or the service itself. */
  public static Long actorId(Caller caller) {
    return caller.kind() == Caller.Kind.USER && !caller.isSystem() ? caller.id() : null;
  }
}
