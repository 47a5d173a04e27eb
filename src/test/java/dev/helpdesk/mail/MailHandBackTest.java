package dev.helpdesk.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpdesk.config.Config;
import dev.helpdesk.db.Database;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stopping instance hands back the mails it claimed and did not send, so another sends
 * them at once. On a database of its own: the shared test service runs a sender too.
 */
class MailHandBackTest {

  @Test
  void aStoppedSenderHandsBackItsClaimedMailsButTheOnesOnTheirWay() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      Config config = new Config(0, "postgresql://postgres@localhost:" + pg.getPort() + "/postgres", 2,
          java.nio.file.Path.of("target", "mail-hand-back"), null, 60, "a@b.example", "password-1",
          "http://localhost", false, 30, new Config.Smtp(null, 25, null, null, "helpdesk@test.example", 600),
          Config.Ops.DEFAULT);
      Database db = Database.open(config);
      Vertx vertx = Vertx.vertx();
      try {
        run(db, vertx, db.createPool(vertx, 2));
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void run(Database db, Vertx vertx, Pool pool) throws Exception {
    int mails = MailSender.LANES + 2; // a mail on its way in each lane, two more waiting their turn
    for (int i = 0; i < mails; i++) {
      sql(db, "INSERT INTO outbox (to_address, subject, text_body, html_body) VALUES"
          + " ('someone" + i + "@example.com', 'Held " + i + "', 'text', '<p>html</p>')");
    }
    List<Socket> held = new ArrayList<>();
    // an SMTP server that accepts and never says a word: the first mail of each lane stays "on its way"
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (Exception e) {
          // closed at the end of the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      MailSender sender = new MailSender(pool, new Config.Smtp("127.0.0.1", silent.getLocalPort(), null,
          null, "helpdesk@test.example", 600));
      String id = vertx.deployVerticle(sender).toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(15))
          .until(() -> count(db, "SELECT count(*) FROM outbox WHERE attempts = 1") == mails);
      assertThat(count(db, "SELECT count(*) FROM outbox WHERE next_attempt_at > now() + interval '5 minutes'"))
          .as("claimed with a 10 minute lease").isEqualTo(mails);

      vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);

      assertThat(count(db, "SELECT count(*) FROM outbox WHERE attempts = 0 AND next_attempt_at <= now()"))
          .as("handed back, due now").isEqualTo(2);
      assertThat(count(db, "SELECT count(*) FROM outbox WHERE next_attempt_at > now()"))
          .as("the ones on their way keep their lease").isEqualTo(MailSender.LANES);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static void sql(Database db, String statement) throws Exception {
    try (Connection c = db.jdbc(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static long count(Database db, String query) throws Exception {
    try (Connection c = db.jdbc(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
