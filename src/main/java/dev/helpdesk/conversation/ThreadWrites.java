package dev.helpdesk.conversation;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.Rendered;
import io.vertx.core.Future;

/** Posting to a thread, as this package asks it of the one write path ({@code dev.helpdesk.writes}). */
public interface ThreadWrites {

  Future<Rendered<Message>> post(Caller caller, long ticketId, NewMessage m);
}
