package dev.helpdesk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokensTest {

  private final Vertx vertx = Vertx.vertx();
  private final Tokens tokens = new Tokens(vertx, "a-test-secret-that-is-long-enough-for-hs256", 60);

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void aPortalLinkNamesItsRequesterAndIsNotASession() throws Exception {
    String link = tokens.issuePortalLink("contact:3", 60);

    Tokens.PortalLink verified = tokens.verifyPortalLink(link).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    assertThat(verified.kind()).isEqualTo(Caller.Kind.CONTACT);
    assertThat(verified.id()).isEqualTo(3);
    assertThat(verified.jti()).isNotBlank();
    assertThat(tokens.verifySession(link).toCompletionStage().toCompletableFuture().handle((c, e) -> e)
        .get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aSessionRoundTrips() throws Exception {
    Caller caller = new Caller(5, Caller.Kind.USER, Role.AGENT, "Al", "al@example.com");
    Caller back = tokens.verifySession(tokens.issueSession(caller)).toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(back).isEqualTo(caller);
  }
}
