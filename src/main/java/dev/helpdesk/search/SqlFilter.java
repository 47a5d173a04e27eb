package dev.helpdesk.search;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.search.Query.Term;
import dev.helpdesk.sla.SlaState;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a {@link Query} into a WHERE clause over {@code tickets t} with {@code $n}
 * placeholders and their values. No text from the query ever becomes SQL: the SQL here
 * is made of constants, and every value goes into the parameter list. Requesters see
 * only their own tickets, whatever the query.
 *
 * <p>SLA tokens read the stored marks (sla_warn_at, sla_breach_at), as SQL sla_state and
 * SlaClock.state do, so the partial indexes on the running tickets serve them; the
 * status lists written into the SLA conditions are constants, which lets the planner
 * prove those partial indexes apply.
 */
public final class SqlFilter {

  private static final String RUNNING = "t.status IN ('open', 'in_progress')";
  private static final String PAUSED = "t.status IN ('pending', 'on_hold')";
  private static final String DONE = "t.status IN ('resolved', 'closed')";
  /** A finished ticket breached when it was answered or resolved late (sla_state's first branch). */
  private static final String DONE_BREACHED = "(coalesce(t.first_responded_at, t.resolved_at, %1$s) > t.sla_first_due_at"
      + " OR coalesce(t.resolved_at, %1$s) > t.sla_resolution_due_at)";
  /** People by email: ANY(ARRAY(subquery)) runs the lookup once and lets the ticket indexes serve the ids. */
  private static final String REQUESTER_EMAIL = "(t.requester_contact_id = ANY(ARRAY(SELECT c.id FROM contacts c"
      + " WHERE lower(c.email) = ANY(%1$s))) OR t.requester_user_id = ANY(ARRAY(SELECT u.id FROM users u"
      + " WHERE lower(u.email) = ANY(%1$s))))";
  private static final String AGENT_EMAIL = "t.assignee_id = ANY(ARRAY(SELECT u.id FROM users u"
      + " WHERE lower(u.email) = ANY(%s)))";
  private static final String STAFF_IDS = "ARRAY(SELECT u.id FROM users u WHERE lower(u.email) = ANY(%s)) || ";
  /**
   * Beside a word, status, priority and agent are written as the words' indexes hold them (V90:
   * {@code lower(status)}, {@code lower(priority)}, {@code coalesce(assignee_id, 0)}, 0 for
   * nobody), which no other index has: so the planner intersects them with the word inside one
   * GIN scan instead of ANDing bitmaps of other indexes.
   */
  private static final String STATUS_KEY = "lower(t.status) = ANY(%s)";
  private static final String PRIORITY_KEY = "lower(t.priority) = ANY(%s)";
  private static final String AGENT_KEY = "coalesce(t.assignee_id, 0) = ANY(%s)";

  /**
   * A free word anywhere a person may read it (migrations V70, V90): every word of it is a word
   * of the ticket's subject, description, requester's name or address, or conversation, or
   * begins one where it ends in *. {@code search_words} has one GIN index that also holds status,
   * priority and assignee, so those tokens AND with the words inside one index scan. A
   * requester's words hold no notes: their few tickets are checked again without them.
   */
  private static final String STAFF_WORDS = "t.search_words @@ %1$s";
  private static final String REQUESTER_WORDS = "t.search_words @@ %1$s AND ticket_public_words(t.id, t.subject,"
      + " t.description, t.requester_contact_id, t.requester_user_id) @@ %1$s";
  /**
   * subject: by the same rules, from the index of the subject's words, each word also a key after
   * the ticket's status, priority and assignee (V91): %1$s the text, then the query's status:,
   * priority: and agent: values (NULL: not asked), so that a word with tokens is one posting list.
   */
  private static final String SUBJECT_WORDS = "subject_keys(t.status, t.priority, t.assignee_id, t.subject)"
      + " @@ subject_query(%1$s, %2$s)";
  private static final String ANY_TOKEN = "NULL::text[], NULL::text[], NULL::bigint[]";
  /**
   * The same words where each row is judged, for a page read along the sort's index (a broad
   * list) or a word the subject must not have: cutting the subject into words costs a third of
   * making its keys.
   */
  private static final String SUBJECT_WORDS_WALKED = "search_words(t.subject) @@ search_query(%s)";
  /**
   * A quoted phrase also stands as written (%1$s the LIKE pattern, %2$s the message types), in the
   * ticket's text or the requester's name or address.
   */
  private static final String PHRASE = " AND (t.subject ILIKE %1$s OR t.description ILIKE %1$s"
      + " OR EXISTS (SELECT 1 FROM messages m WHERE m.ticket_id = t.id AND %2$s AND m.body ILIKE %1$s)"
      + " OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = t.requester_contact_id"
      + " AND (c.name ILIKE %1$s OR c.email ILIKE %1$s))"
      + " OR EXISTS (SELECT 1 FROM users u WHERE u.id = t.requester_user_id"
      + " AND (u.name ILIKE %1$s OR u.email ILIKE %1$s)))";
  private static final String SUBJECT_PHRASE = " AND t.subject ILIKE %1$s";

  private final List<Object> params;
  private final List<String> conditions = new ArrayList<>();
  private final boolean walked;
  /** subject_query's token arguments for a positive subject: text (see {@link #SUBJECT_WORDS}). */
  private String subjectTokens = ANY_TOKEN;

  private SqlFilter(List<Object> params, boolean walked) {
    this.params = params;
    this.walked = walked;
  }

  /** The conditions for what {@code caller} may see of {@code query} at {@code now}. */
  public static SqlFilter compile(Query query, Caller caller, Instant now) {
    return compile(query, caller, now, false);
  }

  /**
   * The same conditions for a page of a list known to be broad, read along the sort's index
   * (see {@link #SUBJECT_WORDS_WALKED}); only where the planner has no better way than that.
   */
  public static SqlFilter compileWalked(Query query, Caller caller, Instant now) {
    return compile(query, caller, now, true);
  }

  private static SqlFilter compile(Query query, Caller caller, Instant now, boolean walked) {
    SqlFilter filter = new SqlFilter(new ArrayList<>(), walked);
    if (!caller.isStaff()) {
      filter.conditions.add((caller.kind() == Caller.Kind.CONTACT ? "t.requester_contact_id" : "t.requester_user_id")
          + " = " + filter.param(caller.id()));
    }
    Set<Status> statuses = possibleStatuses(query);
    boolean words = query.terms().stream().anyMatch(t -> t instanceof Query.Text && !t.negated());
    List<Term> inSubjectKeys = new ArrayList<>();
    if (!walked && query.terms().stream()
        .anyMatch(t -> t instanceof Query.Text text && text.subjectOnly() && !t.negated())) {
      filter.subjectTokens = filter.subjectTokens(query, caller, inSubjectKeys);
    }
    for (Term term : query.terms()) {
      if (inSubjectKeys.stream().anyMatch(held -> held == term)) {
        // a subject word's keys hold this token (V91); a second condition on it would tempt the
        // planner to AND in a bitmap of every ticket with that status or priority
        continue;
      }
      filter.conditions.add(words ? filter.besideWords(term, caller, now, statuses)
          : filter.term(term, caller, now, statuses));
    }
    return filter;
  }

  /** "WHERE ..." or "" when nothing is filtered. */
  public String where() {
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /** The same conditions plus {@code extra} (a keyset position). */
  public String whereAnd(String extra) {
    List<String> all = new ArrayList<>(conditions);
    all.add(extra);
    return " WHERE " + String.join(" AND ", all);
  }

  /** Adds a value and returns its placeholder. */
  public String param(Object value) {
    params.add(value);
    return "$" + params.size();
  }

  public List<Object> params() {
    return params;
  }

  /** A copy to add more parameters to (a page query and a count share the filter). */
  public SqlFilter copy() {
    SqlFilter copy = new SqlFilter(new ArrayList<>(params), walked);
    copy.conditions.addAll(conditions);
    return copy;
  }

  /** A term in a query with a positive word: the tokens the words' indexes hold in their form. */
  private String besideWords(Term term, Caller caller, Instant now, Set<Status> statuses) {
    if (term instanceof Query.Is is && is.field() == Query.Field.STATUS) {
      return String.format(STATUS_KEY, param(held(is, Status.values())));
    } else if (term instanceof Query.Is is && is.field() == Query.Field.PRIORITY) {
      return String.format(PRIORITY_KEY, param(held(is, Priority.values())));
    } else if (term instanceof Query.Agent agent && !agent.negated()) {
      return String.format(AGENT_KEY, agentKeys(agent, caller));
    }
    return term(term, caller, now, statuses);
  }

  /** The assignees an agent: term lets through, as a bigint[] expression, 0 for nobody. */
  private String agentKeys(Query.Agent agent, Caller caller) {
    List<Long> ids = new ArrayList<>(agent.ids());
    if (agent.me() && caller.kind() == Caller.Kind.USER) {
      ids.add(caller.id());
    }
    if (agent.none()) {
      ids.add(0L);
    }
    String byEmail = agent.emails().isEmpty() ? "" : String.format(STAFF_IDS,
        param(agent.emails().toArray(String[]::new)));
    return byEmail + param(ids.toArray(Long[]::new)) + "::bigint[]";
  }

  /**
   * The status:, priority: and agent: values a subject: word is looked up with (V91), each where
   * the query has exactly one term of it, which is then added to {@code held}: every key the word
   * is found by carries it, so the term needs no condition of its own. Otherwise NULL, and the
   * terms keep their conditions.
   */
  private String subjectTokens(Query query, Caller caller, List<Term> held) {
    List<Query.Is> statuses = new ArrayList<>();
    List<Query.Is> priorities = new ArrayList<>();
    List<Query.Agent> agents = new ArrayList<>();
    for (Term term : query.terms()) {
      if (term instanceof Query.Is is && is.field() == Query.Field.STATUS) {
        statuses.add(is);
      } else if (term instanceof Query.Is is && is.field() == Query.Field.PRIORITY) {
        priorities.add(is);
      } else if (term instanceof Query.Agent agent && !agent.negated()) {
        agents.add(agent);
      }
    }
    String agentKeys = "NULL::bigint[]";
    if (agents.size() == 1) {
      agentKeys = agentKeys(agents.get(0), caller);
      held.add(agents.get(0));
    }
    return heldKeys(statuses, Status.values(), held) + ", " + heldKeys(priorities, Priority.values(), held) + ", "
        + agentKeys;
  }

  private String heldKeys(List<Query.Is> terms, WireEnum[] all, List<Term> held) {
    if (terms.size() != 1) {
      return "NULL::text[]";
    }
    held.add(terms.get(0));
    return param(held(terms.get(0), all)) + "::text[]";
  }

  /** The wire values a status or priority term lets through: its own, or all others when negated. */
  private static String[] held(Query.Is is, WireEnum[] all) {
    return java.util.Arrays.stream(all).map(WireEnum::wire)
        .filter(v -> is.values().contains(v) != is.negated()).toArray(String[]::new);
  }

  private String term(Term term, Caller caller, Instant now, Set<Status> statuses) {
    String positive;
    if (term instanceof Query.Is is) {
      String values = param(is.values().toArray(String[]::new));
      return "t." + is.field().column + (is.negated() ? " <> ALL(" : " = ANY(") + values + ")";
    } else if (term instanceof Query.Agent agent) {
      positive = agent(agent, caller);
    } else if (term instanceof Query.Requester r) {
      positive = String.format(REQUESTER_EMAIL, param(r.emails().toArray(String[]::new)));
    } else if (term instanceof Query.Tags tags) {
      positive = "t.tags && " + param(tags.tags().toArray(String[]::new));
    } else if (term instanceof Query.Dates dates) {
      positive = dates(dates);
    } else if (term instanceof Query.Sla sla) {
      positive = sla(sla.states(), param(time(now)), statuses);
    } else {
      positive = text((Query.Text) term, caller);
    }
    if (!term.negated()) {
      return positive;
    }
    return "NOT coalesce(" + positive + ", false)";
  }

  /**
   * Free words everywhere, or in the subject alone, by word (see {@link #STAFF_WORDS}); a phrase
   * must also stand as written. The parser lets no text without a letter or digit through.
   */
  private String text(Query.Text text, Caller caller) {
    String words;
    if (!text.subjectOnly()) {
      words = String.format(caller.isStaff() ? STAFF_WORDS : REQUESTER_WORDS, "search_query(" + param(text.text()) + ")");
    } else if (walked || text.negated()) {
      // a word a ticket must not have is judged on each row, never looked up in the keys
      words = String.format(SUBJECT_WORDS_WALKED, param(text.text()));
    } else {
      words = String.format(SUBJECT_WORDS, param(text.text()), subjectTokens);
    }
    if (text.text().codePoints().noneMatch(Character::isWhitespace)) {
      return words;
    }
    String pattern = param(containsPattern(text.text()));
    String phrase = text.subjectOnly() ? String.format(SUBJECT_PHRASE, pattern)
        : String.format(PHRASE, pattern, caller.isStaff() ? "m.type <> 'system'" : "m.type = 'reply'");
    return "(" + words + phrase + ")";
  }

  private String agent(Query.Agent agent, Caller caller) {
    List<String> any = new ArrayList<>();
    List<Long> ids = new ArrayList<>(agent.ids());
    if (agent.me() && caller.kind() == Caller.Kind.USER) {
      ids.add(caller.id());
    }
    if (!ids.isEmpty()) {
      any.add("t.assignee_id = ANY(" + param(ids.toArray(Long[]::new)) + ")");
    }
    if (!agent.emails().isEmpty()) {
      any.add(String.format(AGENT_EMAIL, param(agent.emails().toArray(String[]::new))));
    }
    if (agent.none()) {
      any.add("t.assignee_id IS NULL");
    }
    return any.isEmpty() ? "false" : any.size() == 1 ? any.get(0) : "(" + String.join(" OR ", any) + ")";
  }

  private String dates(Query.Dates dates) {
    List<String> any = new ArrayList<>();
    String column = "t." + dates.field().column;
    for (Query.DayRange range : dates.ranges()) {
      List<String> both = new ArrayList<>();
      if (range.from() != null) {
        both.add(column + " >= " + param(startOf(range.from())));
      }
      if (range.to() != null) {
        both.add(column + " < " + param(startOf(range.to().plusDays(1))));
      }
      any.add(String.join(" AND ", both));
    }
    return "(" + String.join(" OR ", any.stream().map(s -> "(" + s + ")").toList()) + ")";
  }

  /**
   * The SLA states as conditions on the stored marks, split by the three kinds of
   * status: running clocks compare their marks with now, paused ones are paused,
   * finished ones met or breached. Kinds that the query's status tokens rule out are
   * left out, so {@code status:open sla:breached} is a plain range on an index.
   */
  private String sla(Set<SlaState> states, String now, Set<Status> statuses) {
    List<String> any = new ArrayList<>();
    boolean ok = states.contains(SlaState.OK);
    boolean approaching = states.contains(SlaState.APPROACHING);
    boolean breached = states.contains(SlaState.BREACHED);
    if ((ok || approaching || breached) && (statuses.contains(Status.OPEN) || statuses.contains(Status.IN_PROGRESS))) {
      String running;
      if (ok && approaching && breached) {
        running = RUNNING;
      } else if (approaching && breached) {
        running = RUNNING + " AND t.sla_warn_at <= " + now;
      } else if (ok && approaching) {
        running = RUNNING + " AND t.sla_breach_at > " + now;
      } else if (ok && breached) {
        running = RUNNING + " AND (t.sla_warn_at > " + now + " OR t.sla_breach_at <= " + now + ")";
      } else if (breached) {
        running = RUNNING + " AND t.sla_breach_at <= " + now;
      } else if (approaching) {
        running = RUNNING + " AND t.sla_warn_at <= " + now + " AND t.sla_breach_at > " + now;
      } else {
        running = RUNNING + " AND t.sla_warn_at > " + now;
      }
      any.add(running);
    }
    if (states.contains(SlaState.PAUSED) && (statuses.contains(Status.PENDING) || statuses.contains(Status.ON_HOLD))) {
      any.add(PAUSED);
    }
    boolean met = states.contains(SlaState.MET);
    if ((met || breached) && (statuses.contains(Status.RESOLVED) || statuses.contains(Status.CLOSED))) {
      String late = String.format(DONE_BREACHED, now);
      any.add(met && breached ? DONE : DONE + " AND " + (met ? "NOT " : "") + late);
    }
    if (any.isEmpty()) {
      return "false";
    }
    return any.size() == 1 ? "(" + any.get(0) + ")"
        : "(" + String.join(" OR ", any.stream().map(s -> "(" + s + ")").toList()) + ")";
  }

  /** The statuses the query's positive status tokens allow (all when there are none). */
  static Set<Status> possibleStatuses(Query query) {
    Set<Status> allowed = EnumSet.allOf(Status.class);
    for (Term term : query.terms()) {
      if (term instanceof Query.Is is && is.field() == Query.Field.STATUS && !is.negated()) {
        allowed.removeIf(s -> !is.values().contains(s.wire()));
      } else if (term instanceof Query.Is is && is.field() == Query.Field.STATUS) {
        allowed.removeIf(s -> is.values().contains(s.wire()));
      }
    }
    return allowed;
  }

  /** A case-insensitive LIKE pattern matching {@code text} anywhere, LIKE's wildcards escaped. */
  static String containsPattern(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static OffsetDateTime startOf(LocalDate day) {
    return day.atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
