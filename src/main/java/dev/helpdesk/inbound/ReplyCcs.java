package dev.helpdesk.inbound;

import dev.helpdesk.mail.Mail;
import dev.helpdesk.mail.MailTemplates;
import dev.helpdesk.writes.ChangeSet;
import dev.helpdesk.writes.WriteHook;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write path's hook that copies a ticket's CCs on its public replies: for every person's
 * mail (not automatic) about a ticket that a transaction queues, one more mail to the ticket's
 * CCs (the recipient left out). The copy is a mail of its own, not a {@code Cc:} of the
 * requester's: the requester's carries a portal link that signs in as them
 * ({@link MailTemplates#publicReplyCopy}). One read per transaction that has such mails,
 * none otherwise.
 */
public final class ReplyCcs implements WriteHook {

  private static final String CCS = "SELECT ticket_id, email FROM ticket_ccs WHERE ticket_id = ANY($1)"
      + " ORDER BY ticket_id, position";

  @Override
  public Future<Void> planned(SqlClient tx, ChangeSet changes) {
    Set<Long> tickets = new LinkedHashSet<>();
    for (Mail m : changes.mails()) {
      if (!m.automatic() && m.ticketId() != null) {
        tickets.add(m.ticketId());
      }
    }
    if (tickets.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery(CCS).execute(Tuple.of((Object) tickets.toArray(Long[]::new))).map(rows -> {
      Map<Long, List<String>> byTicket = new HashMap<>();
      for (Row row : rows) {
        byTicket.computeIfAbsent(row.getLong("ticket_id"), id -> new ArrayList<>()).add(row.getString("email"));
      }
      List<Mail> copies = new ArrayList<>();
      for (Mail m : changes.mails()) {
        List<String> ccs = m.automatic() || m.ticketId() == null ? List.of() : copies(m, byTicket.get(m.ticketId()));
        if (!ccs.isEmpty()) {
          copies.add(MailTemplates.publicReplyCopy(m, ccs));
        }
      }
      copies.forEach(changes::mail); // null (not a public reply's mail) is ignored
      return null;
    });
  }

  private static List<String> copies(Mail m, List<String> ccs) {
    List<String> all = new ArrayList<>();
    for (String cc : ccs == null ? List.<String>of() : ccs) {
      if (!cc.equalsIgnoreCase(m.to()) && m.cc().stream().noneMatch(cc::equalsIgnoreCase)
          && all.stream().noneMatch(cc::equalsIgnoreCase)) {
        all.add(cc);
      }
    }
    return all;
  }
}
