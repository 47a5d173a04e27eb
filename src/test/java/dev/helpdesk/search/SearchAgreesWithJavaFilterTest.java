package dev.helpdesk.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpdesk.auth.Caller;
import dev.helpdesk.auth.Role;
import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Property: for random tickets and random token queries, GET /api/tickets returns exactly
 * the tickets a plain Java filter of the same query picks, and says how many. Seeded: a
 * failure names its seed and query.
 */
class SearchAgreesWithJavaFilterTest {

  private static final long SEED = 20261124L;
  private static final int TICKETS = 400;
  private static final int QUERIES = 150;

  private final TestApp app = TestApp.get();

  @Test
  void sqlFilterPicksWhatTheJavaFilterPicks() throws Exception {
    app.reset();
    Api admin = app.admin();
    long adminId = admin.get("/api/me").json().getLong("id");
    List<Long> agentIds = new ArrayList<>(List.of(adminId));
    Map<Long, String> agentEmails = new java.util.HashMap<>();
    agentEmails.put(adminId, TestApp.ADMIN_EMAIL);
    for (String name : List.of("Ann Agent", "Bo Agent")) {
      JsonObject agent = Fixtures.user(admin, name, "agent");
      agentIds.add(agent.getLong("id"));
      agentEmails.put(agent.getLong("id"), agent.getString("email"));
    }
    List<Long> contactIds = new ArrayList<>();
    List<String> contactEmails = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject contact = Fixtures.contact(admin, "Customer " + i);
      contactIds.add(contact.getLong("id"));
      contactEmails.add(contact.getString("email"));
      CONTACT_NAMES.put(contact.getLong("id"), String.valueOf(i));
    }
    Random random = new Random(SEED);
    Instant now = Instant.now();
    List<RandomDesk.Row> rows = RandomDesk.insert(app.jdbcUrl(), random, TICKETS, contactIds, contactEmails, agentIds,
        now);
    List<String> emails = new ArrayList<>(agentEmails.values());

    List<String> queries = new ArrayList<>();
    for (int i = 0; i < QUERIES; i++) {
      queries.add(randomQuery(random, rows, agentIds, emails, contactEmails, now));
    }
    // subject words with the tokens their keys hold (V91), each alone and together
    String otherAgent = emails.get(1).toUpperCase(Locale.ROOT);
    for (String word : List.of("printer", "vpn", "inv*", "laptop")) {
      for (String tokens : List.of("status:open", "-status:closed,resolved", "priority:high,urgent", "agent:none",
          "agent:me status:pending", "agent:" + otherAgent + " priority:low,medium", "status:open status:pending",
          "status:in_progress -priority:urgent agent:none,me")) {
        queries.add(tokens + " subject:" + word);
        queries.add("subject:" + word + " " + tokens + " -subject:monitor");
      }
    }
    Connection db = DriverManager.getConnection(app.jdbcUrl());
    for (int i = 0; i < queries.size(); i++) {
      String q = queries.get(i);
      Query query = QueryParser.parse(q);
      Set<Long> expected = rows.stream().filter(r -> matches(query, r, adminId, agentEmails, now))
          .map(RandomDesk.Row::id).collect(Collectors.toCollection(TreeSet::new));
      Set<Long> actual = new TreeSet<>();
      long total = -1;
      String cursor = null;
      do {
        JsonObject page = admin.get("/api/tickets?limit=200&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
            + (cursor == null ? "" : "&cursor=" + cursor)).json();
        page.getJsonArray("items").forEach(t -> actual.add(((JsonObject) t).getLong("id")));
        total = total < 0 ? page.getLong("total") : total;
        cursor = page.getString("nextCursor");
      } while (cursor != null);
      assertThat(actual).as("seed %d, query %d: %s", SEED, i, q).isEqualTo(expected);
      assertThat(total).as("total of %s", q).isEqualTo(expected.size());
      // the form a broad list's page is read in (subject words without their keys, V91) picks the same
      Caller caller = new Caller(adminId, Caller.Kind.USER, Role.ADMIN, "Admin", TestApp.ADMIN_EMAIL);
      assertThat(idsWhere(db, SqlFilter.compileWalked(query, caller, now))).as("walked: %s", q)
          .isEqualTo(idsWhere(db, SqlFilter.compile(query, caller, now))).isEqualTo(expected);
    }
    db.close();
  }

  private static Set<Long> idsWhere(Connection c, SqlFilter filter) throws Exception {
    Set<Long> ids = new TreeSet<>();
    // JDBC numbers its placeholders by place: each $n becomes a ? bound to value n
    List<Integer> order = new ArrayList<>();
    Matcher placeholder = Pattern.compile("\\$(\\d+)").matcher("SELECT t.id FROM tickets t" + filter.where());
    StringBuilder sql = new StringBuilder();
    while (placeholder.find()) {
      order.add(Integer.parseInt(placeholder.group(1)) - 1);
      placeholder.appendReplacement(sql, "?");
    }
    placeholder.appendTail(sql);
    try (PreparedStatement select = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < order.size(); i++) {
        Object value = filter.params().get(order.get(i));
        select.setObject(i + 1, value instanceof String[] texts ? c.createArrayOf("text", texts)
            : value instanceof Long[] numbers ? c.createArrayOf("bigint", numbers) : value);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }

  private static String randomQuery(Random random, List<RandomDesk.Row> rows, List<Long> agentIds, List<String> emails,
                                    List<String> contactEmails, Instant now) {
    List<String> tokens = new ArrayList<>();
    for (int n = 1 + random.nextInt(3); n > 0; n--) {
      String neg = random.nextInt(4) == 0 ? "-" : "";
      tokens.add(neg + switch (random.nextInt(11)) {
        case 0 -> "status:" + some(random, "open", "pending", "in_progress", "on_hold", "resolved", "closed");
        case 1 -> "priority:" + some(random, "urgent", "high", "medium", "low");
        case 2 -> "category:" + some(random, "general", "billing", "technical", "account", "feature_request",
            "bug_report", "other");
        case 3 -> "channel:" + some(random, "email", "web", "phone", "chat", "internal");
        case 4 -> "agent:" + some(random, "me", "none", String.valueOf(agentIds.get(random.nextInt(agentIds.size()))),
            emails.get(random.nextInt(emails.size())).toUpperCase(Locale.ROOT));
        case 5 -> "requester:" + some(random, contactEmails.toArray(String[]::new));
        case 6 -> "tag:" + some(random, "vip", "printer", "network", "billing", "refund", "\"needs review\"");
        case 7 -> RandomDesk.pick(random, new String[] {"created:", "updated:", "due:"}) + range(random, now);
        case 8 -> "sla:" + some(random, "ok", "approaching", "breached", "paused", "met");
        case 9 -> {
          // a whole word, its beginning with * (a word), or its beginning without * (no word)
          String word = RandomDesk.pick(random, RandomDesk.WORDS);
          boolean subjectOnly = random.nextInt(3) == 0;
          int cut = random.nextInt(3);
          String part = cut == 0 ? word : word.substring(0, Math.min(word.length(), 2 + random.nextInt(3)))
              + (cut == 1 ? "*" : "");
          yield (subjectOnly ? "subject:" : "") + (random.nextBoolean() ? part.toUpperCase(Locale.ROOT) : part);
        }
        default -> {
          String subject = rows.get(random.nextInt(rows.size())).subject();
          int space = subject.indexOf(' ');
          int from = random.nextBoolean() ? 0 : Math.max(0, space - 2);
          yield "\"" + subject.substring(from, Math.min(subject.length(), space + 3)) + "\"";
        }
      });
    }
    return String.join(" ", tokens);
  }

  private static String some(Random random, String... values) {
    List<String> chosen = new ArrayList<>();
    for (int n = 1 + random.nextInt(2); n > 0; n--) {
      String v = RandomDesk.pick(random, values);
      if (!chosen.contains(v)) {
        chosen.add(v);
      }
    }
    return String.join(",", chosen);
  }

  private static String range(Random random, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate from = today.minusDays(random.nextInt(25));
    LocalDate to = from.plusDays(random.nextInt(10));
    return switch (random.nextInt(4)) {
      case 0 -> from.toString();
      case 1 -> ".." + to;
      case 2 -> from + "..";
      default -> from + ".." + to;
    };
  }

  private static final Map<Long, String> CONTACT_NAMES = new java.util.HashMap<>();

  /** The query in plain Java, as the contract words it. */
  private static boolean matches(Query query, RandomDesk.Row r, long me, Map<Long, String> agentEmails, Instant now) {
    for (Query.Term term : query.terms()) {
      boolean holds = holds(term, r, me, agentEmails, now);
      if (holds == term.negated()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The main code's predicate (TicketFilter, which view counts move by) for what a row can tell,
   * the row read back through the JSON events carry it in; the rest (a free word anywhere, an
   * agent's email) judged here.
   */
  private static boolean holds(Query.Term term, RandomDesk.Row r, long me, Map<Long, String> agentEmails,
                               Instant now) {
    FilterRow row = FilterRow.fromJson(new JsonObject(FilterRow.change(null, new FilterRow(r.id(), r.status(),
        r.priority(), r.category(), r.channel(), r.assigneeId(), r.requesterEmail(), r.tags(), r.createdAt(),
        r.updatedAt(), r.dueAt(), r.subject(), r.firstRespondedAt(), r.resolvedAt(), r.marks(), 0)))
        .getJsonObject("a"));
    Boolean judged = TicketFilter.holds(term, row, me, now);
    if (judged != null) {
      return judged;
    }
    if (term instanceof Query.Agent a) {
      Long id = r.assigneeId();
      return a.emails().contains(agentEmails.get(id).toLowerCase(Locale.ROOT));
    }
    Query.Text t = (Query.Text) term;
    String text = t.text().toLowerCase(Locale.ROOT);
    // search everything: the desk has no descriptions or threads; the requester is "Customer <i>".
    // Every word must be a word (or begin one, ending in *); a quoted phrase must also stand as written.
    String requesterName = "customer " + CONTACT_NAMES.getOrDefault(r.contactId(), "");
    String email = r.requesterEmail().toLowerCase(Locale.ROOT);
    if (text.chars().anyMatch(Character::isWhitespace)) {
      return wordsMatch(r.subject(), text) && r.subject().toLowerCase(Locale.ROOT).contains(text)
          || requesterName.contains(text) || email.contains(text);
    }
    return wordsMatch(r.subject(), text) || wordsMatch(requesterName + " " + email, text);
  }

  /**
   * Whether every word of {@code text} is a word of {@code haystack} (words: runs of letters and
   * digits), or begins one where it ends in * and is longer than a letter.
   */
  private static boolean wordsMatch(String haystack, String text) {
    List<String> have = words(haystack);
    boolean beginning = text.endsWith("*");
    return words(text).stream().allMatch(w -> beginning && w.length() > 1
        ? have.stream().anyMatch(h -> h.startsWith(w)) : have.contains(w));
  }

  private static List<String> words(String text) {
    return java.util.Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(w -> !w.isEmpty()).toList();
  }
}
