package dev.helpdesk.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Queues mails in the transaction of the change that causes them, so a mail exists exactly when its change committed. */
public final class Outbox {

  private static final String ENQUEUE = "INSERT INTO outbox (to_address, subject, text_body, html_body, ticket_id,"
      + " automatic, cc_addresses) VALUES ($1, $2, $3, $4, $5, $6, $7)";

  private Outbox() {}

  public static Future<Void> enqueue(SqlClient tx, Mail mail) {
    return tx.preparedQuery(ENQUEUE)
        .execute(Tuple.of(mail.to(), mail.subject(), mail.text(), mail.html(), mail.ticketId(), mail.automatic(),
            mail.cc().toArray(String[]::new)))
        .mapEmpty();
  }
}
