package dev.helpdesk.search;

import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaMarks;
import dev.helpdesk.sla.SlaPolicy;
import dev.helpdesk.ticket.Category;
import dev.helpdesk.ticket.Channel;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random tickets written straight into the database (with the SLA marks SlaClock gives),
 * kept in memory too, for tests that compare the search with a plain Java filter.
 */
final class RandomDesk {

  static final String[] WORDS = {"Printer", "VPN", "laptop", "Invoice", "refund", "password", "Wi-Fi", "monitor",
      "jams", "slow", "error", "floor", "order", "100%", "under_score", "Принтер", "не", "печатает"};
  static final String[] TAGS = {"vip", "printer", "network", "billing", "refund", "needs review"};

  /** One generated ticket, as the search should see it. */
  record Row(long id, String subject, Status status, Priority priority, Category category, Channel channel,
             long contactId, String requesterEmail, Long assigneeId, List<String> tags, Instant dueAt,
             Instant createdAt, Instant updatedAt, Instant firstRespondedAt, Instant resolvedAt, SlaMarks marks) {}

  private RandomDesk() {}

  /**
   * Inserts {@code count} tickets spread over the days around {@code now}; no SLA mark falls
   * within ten minutes of now, so the state cannot change while a test runs.
   */
  static List<Row> insert(String jdbcUrl, Random random, int count, List<Long> contactIds, List<String> contactEmails,
                          List<Long> agentIds, Instant now) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
         PreparedStatement insert = c.prepareStatement("INSERT INTO tickets (subject, status, priority, category,"
             + " channel, requester_contact_id, assignee_id, tags, due_at, created_at, updated_at, first_responded_at,"
             + " paused_since, resolved_at, sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)"
             + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      while (rows.size() < count) {
        Status status = pick(random, Status.values());
        Priority priority = pick(random, Priority.values());
        Instant created = now.minus(Duration.ofMinutes(random.nextInt(20 * 24 * 60)));
        Instant updated = created.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
        Instant responded = random.nextBoolean() ? created.plus(Duration.ofMinutes(random.nextInt(600))) : null;
        Instant resolved = status.isDone() ? updated : null;
        Instant pausedSince = status.pausesSla() ? updated : null;
        SlaClock.Facts facts = new SlaClock.Facts(priority, status, created, responded, 0, pausedSince, resolved);
        SlaMarks marks = new SlaClock(Clock.fixed(created, ZoneOffset.UTC), SlaPolicy.defaults()).marks(facts);
        if (near(marks.warnAt(), now) || near(marks.breachAt(), now)) {
          continue;
        }
        int index = random.nextInt(contactIds.size());
        Long assignee = random.nextInt(4) == 0 ? null : agentIds.get(random.nextInt(agentIds.size()));
        List<String> tags = new ArrayList<>();
        for (int t = random.nextInt(3); t > 0; t--) {
          String tag = pick(random, TAGS);
          if (!tags.contains(tag)) {
            tags.add(tag);
          }
        }
        Instant due = random.nextInt(3) == 0 ? created.plus(Duration.ofHours(random.nextInt(10 * 24))) : null;
        String subject = pick(random, WORDS) + " " + pick(random, WORDS) + (random.nextBoolean() ? " " + pick(random,
            WORDS) : "");
        Row row = new Row(0, subject, status, priority, pick(random, Category.values()), pick(random, Channel.values()),
            contactIds.get(index), contactEmails.get(index), assignee, List.copyOf(tags), due, created, updated,
            responded, resolved, marks);
        Object[] values = {row.subject(), status.wire(), priority.wire(), row.category().wire(), row.channel().wire(),
            row.contactId(), assignee, c.createArrayOf("text", tags.toArray()), ts(due), ts(created), ts(updated),
            ts(responded), ts(pausedSince), ts(resolved), ts(marks.firstDueAt()), ts(marks.resolutionDueAt()),
            ts(marks.warnAt()), ts(marks.breachAt())};
        for (int v = 0; v < values.length; v++) {
          insert.setObject(v + 1, values[v]);
        }
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          rows.add(new Row(rs.getLong(1), row.subject(), status, priority, row.category(), row.channel(),
              row.contactId(), row.requesterEmail(), assignee, row.tags(), due, created, updated, responded, resolved,
              marks));
        }
      }
    }
    return rows;
  }

  static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static boolean near(Instant a, Instant now) {
    return Duration.between(a, now).abs().compareTo(Duration.ofMinutes(10)) < 0;
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
