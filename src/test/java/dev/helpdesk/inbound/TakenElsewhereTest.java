package dev.helpdesk.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.TestApp;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mail the poller finds another instance taking right now: the pipeline leaves it at once
 * (its writer runs one transaction at a time and would wait for that commit), writes nothing,
 * and leaves a reply to it too, since that original is not committed. Should that instance
 * fail, the mail is taken on the next look.
 */
class TakenElsewhereTest {

  private final TestApp app = TestApp.get();

  @BeforeEach
  void setUp() {
    app.reset();
  }

  @Test
  void aMailAnotherInstanceIsTakingIsLeftAtOnceAndSoIsAReplyToIt() throws Exception {
    RawMail original = RawMail.from("Olivia <olivia@mail.test>").subject("Printer offline");
    RawMail reply = RawMail.from("Olivia <olivia@mail.test>").subject("Re: Printer offline")
        .inReplyTo(original.messageId()).body("Still offline.");
    InboundPipeline pipeline = app.app().services().inboundRoutes().pipeline();

    try (Connection other = DriverManager.getConnection(app.jdbcUrl())) {
      // the other instance's transaction, between its claim of the mail and its commit
      other.setAutoCommit(false);
      try (PreparedStatement lock = other.prepareStatement("SELECT pg_try_advisory_xact_lock(7263543, hashtext(?))");
           PreparedStatement claim = other.prepareStatement("INSERT INTO inbound_mails (mail_key, from_address,"
               + " outcome, source) VALUES (?, 'olivia@mail.test', 'ignored', '')")) {
        lock.setString(1, original.messageId());
        lock.execute();
        claim.setString(1, original.messageId());
        claim.execute();
      }

      Future<Outcome> first = pipeline.receive(bytes(original), Future.succeededFuture());
      Future<Outcome> second = pipeline.receive(bytes(reply), first);

      // well before that commit, which would otherwise be waited for
      assertThat(failure(first)).isInstanceOf(TakenElsewhere.class);
      assertThat(failure(second)).isInstanceOf(TakenElsewhere.class);
      assertThat(app.queryLong("SELECT count(*) FROM tickets")).isZero();
      other.rollback();
    }

    Future<Outcome> again = pipeline.receive(bytes(original), Future.succeededFuture());
    assertThat(outcome(again).outcome()).isEqualTo("created");
    assertThat(outcome(pipeline.receive(bytes(reply), again)).outcome()).isEqualTo("appended");
  }

  private static byte[] bytes(RawMail m) {
    return m.build().getBytes(StandardCharsets.UTF_8);
  }

  private static Outcome outcome(Future<Outcome> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<Outcome> f) throws Exception {
    try {
      outcome(f);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
