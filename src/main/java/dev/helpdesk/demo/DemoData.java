package dev.helpdesk.demo;

import dev.helpdesk.auth.PasswordHasher;
import dev.helpdesk.domain.WireEnum;
import dev.helpdesk.sla.SlaClock;
import dev.helpdesk.sla.SlaMarks;
import dev.helpdesk.sla.SlaPolicy;
import dev.helpdesk.ticket.Priority;
import dev.helpdesk.ticket.Status;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A working desk for newcomers (--demo): a few agents, contacts and a few hundred
 * tickets across every status, priority, category and channel. Only on an empty desk.
 */
public final class DemoData {

  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  static final String AGENT_PASSWORD = "agent12345";
  private static final int TICKETS = 300;

  private static final String[][] AGENTS = {
      {"alice@example.com", "Alice Moreau"}, {"bob@example.com", "Bob Okafor"},
      {"carl@example.com", "Carl Lindqvist"}, {"dana@example.com", "Dana Kowalski"}};
  private static final String[][] CONTACTS = {
      {"ann.king@acme.test", "Ann King", "Acme"}, {"bruno.silva@globex.test", "Bruno Silva", "Globex"},
      {"chen.wei@initech.test", "Chen Wei", "Initech"}, {"dev.patel@umbrella.test", "Dev Patel", "Umbrella"},
      {"eva.novak@acme.test", "Eva Novák", "Acme"}, {"farid.haddad@hooli.test", "Farid Haddad", "Hooli"},
      {"greta.berg@globex.test", "Greta Berg", "Globex"}, {"hiro.tanaka@initech.test", "Hiro Tanaka", "Initech"},
      {"ines.garcia@vandelay.test", "Inés García", "Vandelay"}, {"jon.smith@hooli.test", "Jon Smith", "Hooli"},
      {"kemi.adeyemi@acme.test", "Kemi Adeyemi", "Acme"}, {"lea.muller@umbrella.test", "Lea Müller", "Umbrella"}};
  private static final String[] SUBJECTS = {
      "Printer on floor 3 jams on every job", "Refund for order %d", "Cannot log in after password reset",
      "VPN drops every few minutes", "Invoice %d shows the wrong VAT", "Feature request: dark mode in reports",
      "Export to CSV times out", "Two-factor codes not arriving", "Laptop battery swollen",
      "Please close my account", "Charged twice for subscription", "Bug: dashboard shows yesterday's numbers",
      "Email attachments stripped", "New starter needs access to billing", "Wi-Fi in meeting room B is slow",
      "API returns 502 on large uploads", "Change the company address on invoices", "Mobile app crashes on launch",
      "Request: bulk import of contacts", "Password policy question"};
  private static final String[] STATUSES = {"open", "open", "open", "pending", "in_progress", "in_progress",
      "on_hold", "resolved", "resolved", "closed"};
  private static final String[] PRIORITIES = {"urgent", "high", "high", "medium", "medium", "medium", "low", "low"};
  private static final String[] CATEGORIES = {"general", "billing", "technical", "account", "feature_request",
      "bug_report", "other"};
  private static final String[] CHANNELS = {"email", "email", "web", "phone", "chat", "internal"};
  private static final String[] TAGS = {"vip", "printer", "network", "refund", "onboarding", "mobile", "security"};

  private static final SlaClock SLA = new SlaClock(java.time.Clock.systemUTC(), SlaPolicy.defaults());

  private static final String ANY_TICKET = "SELECT 1 FROM tickets LIMIT 1";
  private static final String INSERT_AGENT = "INSERT INTO users (email, name, role, password_hash)"
      + " VALUES ($1, $2, 'agent', $3) ON CONFLICT DO NOTHING";
  private static final String INSERT_CONTACT = "INSERT INTO contacts (email, name, company)"
      + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
  private static final String INSERT_TICKET = "INSERT INTO tickets (subject, description, status, priority, category,"
      + " channel, requester_contact_id, assignee_id, tags, created_at, updated_at, first_responded_at, paused_since,"
      + " resolved_at, sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)"
      + " SELECT $1, $2, $3, $4, $5, $6, (SELECT id FROM contacts WHERE lower(email) = $7),"
      + " (SELECT id FROM users WHERE lower(email) = $8), $9, $10, $11, $12, $13, $14, $15, $16, $17, $18";

  private DemoData() {}

  public static Future<Void> loadIfEmpty(Vertx vertx, Pool pool, PasswordHasher hasher) {
    return pool.query(ANY_TICKET).execute().compose(rows -> {
      if (rows.size() > 0) {
        log.info("Demo data skipped: the desk already has tickets");
        return Future.succeededFuture();
      }
      return dev.helpdesk.work.Workers.password(vertx, () -> hasher.hash(AGENT_PASSWORD))
          .compose(hash -> pool.withTransaction(tx -> load(tx, hash)))
          .onSuccess(v -> log.info("Demo data loaded: {} agents (password {}), {} contacts, {} tickets",
              AGENTS.length, AGENT_PASSWORD, CONTACTS.length, TICKETS));
    });
  }

  private static Future<Void> load(SqlClient tx, String agentHash) {
    List<Tuple> agents = new ArrayList<>();
    for (String[] a : AGENTS) {
      agents.add(Tuple.of(a[0], a[1], agentHash));
    }
    List<Tuple> contacts = new ArrayList<>();
    for (String[] c : CONTACTS) {
      contacts.add(Tuple.of(c[0], c[1], c[2]));
    }
    return tx.preparedQuery(INSERT_AGENT).executeBatch(agents)
        .compose(v -> tx.preparedQuery(INSERT_CONTACT).executeBatch(contacts))
        .compose(v -> tx.preparedQuery(INSERT_TICKET).executeBatch(tickets(new Random(42))))
        .mapEmpty();
  }

  private static List<Tuple> tickets(Random random) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < TICKETS; i++) {
      // oldest first, so refs follow creation time
      OffsetDateTime created = now.minusMinutes((long) (TICKETS - i) * 140 + random.nextInt(120));
      OffsetDateTime updated = created.plusMinutes(random.nextInt(600));
      if (updated.isAfter(now)) {
        updated = now;
      }
      String status = pick(random, STATUSES);
      boolean done = status.equals("resolved") || status.equals("closed");
      boolean paused = status.equals("pending") || status.equals("on_hold");
      boolean responded = !status.equals("open") || random.nextBoolean();
      String subject = String.format(pick(random, SUBJECTS), 1000 + random.nextInt(9000));
      String agent = status.equals("open") && random.nextInt(3) == 0 ? null : pick(random, AGENTS)[0];
      List<String> tags = new ArrayList<>();
      if (random.nextInt(3) == 0) {
        tags.add(pick(random, TAGS));
      }
      String priority = pick(random, PRIORITIES);
      OffsetDateTime respondedAt = responded ? created.plusMinutes(5 + random.nextInt(90)) : null;
      SlaMarks marks = SLA.marks(new SlaClock.Facts(WireEnum.parse(Priority.class, priority).orElseThrow(),
          WireEnum.parse(Status.class, status).orElseThrow(), created.toInstant(),
          respondedAt == null ? null : respondedAt.toInstant(), 0, null, null));
      rows.add(Tuple.tuple()
          .addValue(subject)
          .addValue("Hello,\n\n" + subject + ". Could you help, please?\n\nThanks")
          .addValue(status).addValue(priority).addValue(pick(random, CATEGORIES))
          .addValue(pick(random, CHANNELS)).addValue(pick(random, CONTACTS)[0]).addValue(agent)
          .addValue(tags.toArray(String[]::new)).addValue(created).addValue(updated)
          .addValue(respondedAt)
          .addValue(paused ? updated : null)
          .addValue(done ? updated : null)
          .addValue(utc(marks.firstDueAt())).addValue(utc(marks.resolutionDueAt()))
          .addValue(utc(marks.warnAt())).addValue(utc(marks.breachAt())));
    }
    return rows;
  }

  private static OffsetDateTime utc(java.time.Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
