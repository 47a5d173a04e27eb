package dev.helpdesk.sla;

import dev.helpdesk.ticket.Priority;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * {@link SlaClock}'s rules in SQL, for counting over many tickets at once (wallboard,
 * search). Keep the two in step: SlaSqlTest checks that they agree.
 *
 * <p>A query that uses {@link #STATE} must select {@code FROM tickets t} joined with
 * {@link #TARGETS} as {@code p} (see {@link #JOIN}) and bind {@link #params} as its first
 * five parameters: $1 now, $2-$4 the targets per priority, $5 the approaching percent.
 */
public final class SlaSql {

  /** The policy as rows: one per priority, targets in seconds. */
  public static final String TARGETS =
      "SELECT * FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS p(priority, first_s, resolution_s)";

  /** Joins the policy ({@code p}) and the due times ({@code d}) to {@code tickets t}. */
  public static final String JOIN = " JOIN (" + TARGETS + ") p ON p.priority = t.priority"
      + " CROSS JOIN LATERAL (SELECT t.paused_seconds + CASE WHEN t.paused_since IS NULL THEN 0"
      + " ELSE greatest(0, floor(extract(epoch FROM $1::timestamptz - t.paused_since))) END AS paused) z"
      + " CROSS JOIN LATERAL (SELECT t.created_at + (p.first_s + z.paused) * interval '1 second' AS first_due,"
      + " t.created_at + (p.resolution_s + z.paused) * interval '1 second' AS resolution_due) d";

  /** 0 ok, 1 approaching, 2 breached for a running clock, as SlaClock.running. */
  private static String running(String due, String target) {
    return "CASE WHEN floor(extract(epoch FROM " + due + " - $1::timestamptz)) < 0 THEN 2"
        + " WHEN floor(extract(epoch FROM " + due + " - $1::timestamptz)) * 100 < " + target + " * $5::int THEN 1 ELSE 0 END";
  }

  /** The ticket's SLA state as its wire name: ok, approaching, breached, paused or met. */
  public static final String STATE = "CASE"
      + " WHEN t.status IN ('resolved', 'closed') THEN"
      + "   CASE WHEN t.first_responded_at > d.first_due OR coalesce(t.resolved_at, $1::timestamptz) > d.resolution_due"
      + "   THEN 'breached' ELSE 'met' END"
      + " WHEN t.status IN ('pending', 'on_hold') THEN 'paused'"
      + " ELSE (ARRAY['ok', 'approaching', 'breached'])[1 + greatest("
      + "   CASE WHEN t.first_responded_at IS NULL THEN " + running("d.first_due", "p.first_s")
      + "        WHEN t.first_responded_at > d.first_due THEN 2 ELSE 0 END,"
      + "   " + running("d.resolution_due", "p.resolution_s") + ")]"
      + " END";

  private SlaSql() {}

  /** $1 … $5 for {@link #JOIN} and {@link #STATE}. */
  public static Tuple params(Instant now, SlaPolicy policy) {
    Priority[] priorities = Priority.values();
    String[] names = new String[priorities.length];
    Long[] first = new Long[priorities.length];
    Long[] resolution = new Long[priorities.length];
    for (int i = 0; i < priorities.length; i++) {
      SlaPolicy.Targets targets = policy.of(priorities[i]);
      names[i] = priorities[i].wire();
      first[i] = targets.firstResponse().getSeconds();
      resolution[i] = targets.resolution().getSeconds();
    }
    return Tuple.of(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), names, first, resolution,
        policy.approachingPercent());
  }
}
