package dev.helpdesk.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.TestApp;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Event ids follow commit order, whatever the order in which transactions queued their
 * events: a reader that has seen id N never finds a smaller one appear later.
 */
class EventOrderTest {

  private static final String QUEUE = "INSERT INTO event_queue (kind, payload) VALUES ('test.%s', '{}'::jsonb)";

  private final TestApp app = TestApp.get();

  @Test
  void idsAreGivenAtCommitInCommitOrder() throws Exception {
    try (Connection first = DriverManager.getConnection(app.jdbcUrl());
         Connection second = DriverManager.getConnection(app.jdbcUrl());
         Statement a = first.createStatement(); Statement b = second.createStatement()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      a.execute(String.format(QUEUE, "queued-first"));
      a.execute(String.format(QUEUE, "queued-first-again"));
      b.execute(String.format(QUEUE, "queued-second"));

      second.commit();
      first.commit();
    }

    long second = app.queryLong("SELECT id FROM events WHERE kind = 'test.queued-second'");
    long first = app.queryLong("SELECT id FROM events WHERE kind = 'test.queued-first'");
    long firstAgain = app.queryLong("SELECT id FROM events WHERE kind = 'test.queued-first-again'");
    assertThat(second).isLessThan(first);
    assertThat(firstAgain).isEqualTo(first + 1);
    assertThat(app.queryLong("SELECT count(*) FROM event_queue")).isZero();
  }

  @Test
  void aRolledBackChangeLeavesNoEvent() throws Exception {
    long before = app.queryLong("SELECT count(*) FROM events");
    try (Connection c = DriverManager.getConnection(app.jdbcUrl()); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(String.format(QUEUE, "rolled-back"));
      c.rollback();
    }
    assertThat(app.queryLong("SELECT count(*) FROM events")).isEqualTo(before);
    assertThat(app.queryLong("SELECT count(*) FROM event_queue")).isZero();
  }
}
