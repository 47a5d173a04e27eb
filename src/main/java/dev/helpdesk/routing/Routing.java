package dev.helpdesk.routing;

import dev.helpdesk.ticket.NewTicket;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.writes.WriteHook;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The routing decision for a new ticket, taken in its own transaction before it is inserted.
 * The rules come from memory; only an assigning rule asks the database (one statement:
 * who is active, whose turn it is, who has the fewest open tickets).
 */
public final class Routing {

  /** At most this many tags on a ticket, as for any ticket. */
  static final int MAX_TAGS = 20;

  private static final String ACTIVE_STAFF = "SELECT id, name FROM users WHERE id = $1 AND active"
      + " AND role IN ('admin', 'agent')";
  private static final String TAKE_TURN = "SELECT u.id, u.name"
      + " FROM (SELECT routing_take_turn($1, $2) AS id) turn JOIN users u ON u.id = turn.id";
  private static final String NAME = "SELECT id, name FROM users WHERE id = $1";

  /** What the first matching rule does to a new ticket; {@code assigneeId} null when it assigns nobody. */
  public record Decision(RoutingRule rule, Long assigneeId, String assigneeName, Priority priority,
                         List<String> tags) {

    /** The system message naming the rule and what it did. */
    public String note(NewTicket before) {
      List<String> did = new ArrayList<>();
      if (assigneeId != null && !assigneeId.equals(before.assigneeId())) {
        String how = switch (rule.then().assign()) {
          case ROUND_ROBIN -> " (round robin)";
          case LEAST_OPEN -> " (fewest open tickets)";
          default -> "";
        };
        did.add("assigned to " + assigneeName + how);
      } else if (rule.then().assign() != null && before.assigneeId() == null) {
        did.add("no active agent to assign");
      }
      if (priority != before.priority()) {
        did.add("priority set to " + priority.label());
      }
      List<String> added = tags.stream().filter(t -> !before.tags().contains(t)).toList();
      if (!added.isEmpty()) {
        did.add("tagged " + String.join(", ", added));
      }
      return "Routed by rule \u201c" + rule.name() + "\u201d" + (did.isEmpty() ? "." : ": " + String.join("; ", did)
          + ".");
    }
  }

  private final RoutingRules rules;
  private final OpenCounts openCounts;

  public Routing(RoutingRules rules, io.vertx.sqlclient.Pool pool) {
    this.rules = rules;
    this.openCounts = new OpenCounts(pool);
  }

  public RoutingRules rules() {
    return rules;
  }

  /** The first active rule whose every condition holds, or null. */
  public static RoutingRule firstMatch(List<RoutingRule> rules, RoutingRule.Draft draft) {
    for (RoutingRule rule : rules) {
      if (rule.matches(draft)) {
        return rule;
      }
    }
    return null;
  }

  static RoutingRule.Draft draftOf(NewTicket n) {
    return new RoutingRule.Draft(n.subject(), n.category(), n.channel(), n.priority(), n.tags());
  }

  /** The decision for {@code n}, or null when no rule applies. An assignee the creator chose is kept. */
  public Future<Decision> decide(NewTicket n, SqlClient tx) {
    RoutingRule rule = firstMatch(rules.current(), draftOf(n));
    if (rule == null) {
      return Future.succeededFuture();
    }
    RoutingRule.Then then = rule.then();
    Priority priority = then.priority() != null ? then.priority() : n.priority();
    Set<String> tags = new LinkedHashSet<>(n.tags());
    for (String tag : then.addTags()) {
      if (tags.size() < MAX_TAGS) {
        tags.add(tag);
      }
    }
    if (then.assign() == null || n.assigneeId() != null) {
      return Future.succeededFuture(new Decision(rule, n.assigneeId(), null, priority, List.copyOf(tags)));
    }
    return pick(tx, rule).map(row -> new Decision(rule, row == null ? null : row.getLong("id"),
        row == null ? null : row.getString("name"), priority, List.copyOf(tags)));
  }

  /**
   * The agent the first matching rule assigns an existing ticket to (a leaver's ticket being
   * handed on), or null when no assigning rule matches or no active agent is left to pick.
   */
  public Future<Long> assigneeFor(SqlClient client, RoutingRule.Draft draft) {
    RoutingRule rule = firstMatch(rules.current(), draft);
    if (rule == null || rule.then().assign() == null) {
      return Future.succeededFuture();
    }
    return pick(client, rule).map(row -> row == null ? null : row.getLong("id"));
  }

  /** The agent an assigning rule picks (active agents and admins only), or null. */
  private Future<Row> pick(SqlClient tx, RoutingRule rule) {
    RoutingRule.Then then = rule.then();
    Long[] among = then.among().toArray(Long[]::new);
    Future<io.vertx.sqlclient.RowSet<Row>> rows = switch (then.assign()) {
      case USER -> tx.preparedQuery(ACTIVE_STAFF).execute(Tuple.of(then.userId()));
      case ROUND_ROBIN -> tx.preparedQuery(TAKE_TURN).execute(Tuple.of(rule.name(), (Object) among));
      case LEAST_OPEN -> openCounts.pick(then.among()).compose(id -> id == null
          ? tx.preparedQuery(NAME).execute(Tuple.of(0L)) : tx.preparedQuery(ACTIVE_STAFF).execute(Tuple.of(id)));
    };
    return rows.map(r -> r.size() == 0 ? null : r.iterator().next());
  }

  /** The create hook: the ticket as the rule leaves it, and the system message naming the rule. */
  public Future<WriteHook.Creating> route(SqlClient tx, WriteHook.Creating draft) {
    NewTicket n = draft.ticket();
    return decide(n, tx).map(d -> {
      if (d == null) {
        return draft;
      }
      NewTicket routed = new NewTicket(n.subject(), n.description(), d.priority(), n.category(), n.channel(),
          n.requesterContactId(), n.requesterUserId(), d.assigneeId(), d.tags(), n.dueAt(), n.followUpOfId());
      boolean assignedByRule = d.assigneeId() != null && !d.assigneeId().equals(n.assigneeId());
      return draft.with(routed, d.note(n), assignedByRule ? "routing rule \u201c" + d.rule().name() + "\u201d" : null);
    });
  }
}
