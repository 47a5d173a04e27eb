package dev.helpdesk.conversation;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.Rendered;
import io.vertx.core.Future;

/**
 * Posting to a thread: the message and its files, what it does to the ticket (first
 * response, reopening, a follow-up for a closed ticket), the events and the mail to the
 * requester for a public staff reply, in one transaction of the one write path
 * ({@link ThreadWrites}). Notes never leave the staff.
 */
public final class ConversationService {

  private final ThreadWrites writes;

  public ConversationService(ThreadWrites writes) {
    this.writes = writes;
  }

  public Future<Message> post(Caller caller, long ticketId, NewMessage m) {
    return writes.post(caller, ticketId, m).map(Rendered::value);
  }

  /** As {@link #post}, with the message's JSON as its event carries it, for the answer. */
  public Future<Rendered<Message>> postRendered(Caller caller, long ticketId, NewMessage m) {
    return writes.post(caller, ticketId, m);
  }
}
