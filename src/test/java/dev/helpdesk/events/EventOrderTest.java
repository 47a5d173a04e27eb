package dev.helpdesk.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.TestApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Event ids become visible in id order: while one transaction holds an appended event,
 * another cannot take a later id, so a reader that has seen id N never finds a smaller one later.
 */
class EventOrderTest {

  private static final String APPEND = "SELECT append_event('test.event', NULL, NULL, false, '{}'::jsonb)";

  private final TestApp app = TestApp.get();

  @Test
  void aSecondAppenderWaitsUntilTheFirstCommits() throws Exception {
    try (Connection first = DriverManager.getConnection(app.jdbcUrl());
         Connection second = DriverManager.getConnection(app.jdbcUrl())) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      long firstId = append(first);

      CompletableFuture<Long> secondId = CompletableFuture.supplyAsync(() -> {
        try {
          return append(second);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(300); // long enough for the second append to have run, were it not blocked
      assertThat(secondId).isNotDone();
      first.commit();
      long later = secondId.get(5, TimeUnit.SECONDS);
      second.commit();

      assertThat(later).isGreaterThan(firstId);
    }
  }

  private static long append(Connection c) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(APPEND)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
