package dev.helpdesk.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.sqlclient.SqlClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resolving the @names of many notes against the staff, on the real database, in one query. */
class MentionsLookupTest {

  private final TestApp app = TestApp.get();
  private long alice;
  private long bob;
  private String aliceEmail;
  private String bobEmail;
  private final AtomicInteger queries = new AtomicInteger();
  private SqlClient counted;

  @BeforeEach
  void setUp() {
    app.reset();
    Api admin = app.admin();
    alice = Fixtures.user(admin, "Alice", "agent").getLong("id");
    bob = Fixtures.user(admin, "Bob", "agent").getLong("id");
    Fixtures.user(admin, "Rita", "requester");
    aliceEmail = app.queryString("SELECT email FROM users WHERE id = " + alice);
    bobEmail = app.queryString("SELECT email FROM users WHERE id = " + bob);
    SqlClient pool = app.app().pool();
    // the real pool, with its statements counted
    counted = (SqlClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SqlClient.class},
        (proxy, method, args) -> {
          if (method.getName().equals("preparedQuery") || method.getName().equals("query")) {
            queries.incrementAndGet();
          }
          try {
            return method.invoke(pool, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private List<List<Long>> staff(List<String> texts) throws Exception {
    return Mentions.staff(counted, texts).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void manyNotesAreOneQueryAndEachGetsItsOwnPeople() throws Exception {
    String aliceHandle = aliceEmail.split("@")[0];
    String ritaEmail = app.queryString("SELECT email FROM users WHERE role = 'requester'");
    List<List<Long>> found = staff(List.of(
        "@" + aliceHandle + " please",
        "nobody here, mail " + aliceEmail,
        "@" + bobEmail.toUpperCase() + " and @" + aliceHandle + ", @" + aliceEmail + " and @ghost",
        "@" + ritaEmail));
    assertThat(queries.get()).isEqualTo(1);
    assertThat(found).containsExactly(List.of(alice), List.of(), List.of(alice, bob), List.of());
  }

  @Test
  void aHandleTwoStaffShareNamesNeitherAndNoNamesNoQuery() throws Exception {
    String handle = aliceEmail.split("@")[0];
    app.execute("INSERT INTO users (email, name, role, password_hash) SELECT '" + handle
        + "@other.example', 'Alice Two', 'agent', password_hash FROM users WHERE id = " + alice);
    assertThat(staff(List.of("@" + handle, "@" + aliceEmail))).containsExactly(List.of(), List.of(alice));
    queries.set(0);
    assertThat(staff(List.of("no names", "a@b.example"))).containsExactly(List.of(), List.of());
    assertThat(queries.get()).isZero();
  }
}
