package dev.helpdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.support.TestApp;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for random tickets and random moments, SQL sla_state over the stored marks
 * and SlaClock.state in Java give the same answer (seeded: a failure names its case).
 */
class SlaSqlAgreementTest {

  private static final long SEED = 20261124L;
  private static final int CASES = 400;

  private final TestApp app = TestApp.get();

  @Test
  void sqlAndJavaAgreeOnTheState() throws Exception {
    app.reset();
    app.execute("INSERT INTO contacts (email, name) VALUES ('sla@test.example', 'Sla')");
    Random random = new Random(SEED);
    Instant base = Instant.parse("2026-11-01T00:00:00Z");
    try (Connection c = DriverManager.getConnection(app.jdbcUrl());
         PreparedStatement insert = c.prepareStatement("INSERT INTO tickets (subject, status, priority, category,"
             + " channel, requester_contact_id, created_at, first_responded_at, paused_seconds, paused_since,"
             + " resolved_at, sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)"
             + " VALUES ('p', ?, ?, 'general', 'web', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
         PreparedStatement state = c.prepareStatement("SELECT sla_state(t, ?) FROM tickets t WHERE id = ?")) {
      for (int i = 0; i < CASES; i++) {
        Status status = Status.values()[random.nextInt(Status.values().length)];
        Priority priority = Priority.values()[random.nextInt(Priority.values().length)];
        Instant created = base.plusSeconds(random.nextInt(10 * 86400));
        Instant responded = random.nextBoolean() ? created.plusSeconds(random.nextInt(2 * 86400)) : null;
        long paused = random.nextBoolean() ? random.nextInt(86400) : 0;
        Instant pausedSince = status.pausesSla() ? created.plusSeconds(random.nextInt(86400)) : null;
        Instant resolved = status.isDone() ? created.plusSeconds(random.nextInt(10 * 86400)) : null;
        SlaClock.Facts facts = new SlaClock.Facts(priority, status, created, responded, paused, pausedSince, resolved);
        SlaMarks marks = new SlaClock(Clock.fixed(created, ZoneOffset.UTC), SlaPolicy.defaults()).marks(facts);
        Object[] values = {status.wire(), priority.wire(), ts(created), ts(responded), paused, ts(pausedSince),
            ts(resolved), ts(marks.firstDueAt()), ts(marks.resolutionDueAt()), ts(marks.warnAt()), ts(marks.breachAt())};
        for (int v = 0; v < values.length; v++) {
          insert.setObject(v + 1, values[v]);
        }
        long id;
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
        for (int probe = 0; probe < 5; probe++) {
          Instant at = created.plus(Duration.ofSeconds(random.nextInt(12 * 86400)));
          state.setTimestamp(1, ts(at));
          state.setLong(2, id);
          try (ResultSet rs = state.executeQuery()) {
            rs.next();
            assertThat(rs.getString(1)).as("case %d at %s: %s", i, at, facts)
                .isEqualTo(SlaClock.state(status, responded, resolved, marks, at).wire());
          }
        }
      }
    }
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
