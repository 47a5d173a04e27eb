package dev.helpdesk.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Message-IDs of a ticket's earlier mails, sent or received, oldest first: a mail about
 * the ticket names them in References (and the last in In-Reply-To) so every mail client
 * threads the conversation, whoever started it.
 */
final class ThreadHeaders {

  static final int MAX = 20;

  private static final String EARLIER = "SELECT ref FROM ("
      + " SELECT mail_key AS ref, received_at AS at, id FROM inbound_mails"
      + "  WHERE ticket_id = $1 AND mail_key LIKE '<%' AND outcome IN ('created', 'appended')"
      + " UNION ALL"
      + " SELECT '<outbox-' || id || '@' || $3 || '>', created_at, id FROM outbox WHERE ticket_id = $1 AND id < $2"
      + ") r ORDER BY at DESC, id DESC LIMIT " + MAX;

  private ThreadHeaders() {}

  static Future<List<String>> earlier(SqlClient client, long ticketId, long outboxId, String domain) {
    return client.preparedQuery(EARLIER).execute(Tuple.of(ticketId, outboxId, domain)).map(rows -> {
      List<String> refs = new ArrayList<>();
      for (Row row : rows) {
        refs.add(row.getString(0));
      }
      Collections.reverse(refs);
      return refs;
    });
  }
}
