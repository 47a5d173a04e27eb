package dev.helpdesk.support;

import dev.helpdesk.App;
import dev.helpdesk.config.Config;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The service under test, started once per test JVM on a real PostgreSQL: the one named
 * by HELPDESK_TEST_DB_URL (or HELPDESK_DB_URL), else an embedded one. Its schema is
 * dropped and migrated afresh at start; {@link #reset()} empties the desk between classes.
 */
public final class TestApp {

  public static final String ADMIN_EMAIL = "admin@test.example";
  public static final String ADMIN_PASSWORD = "admin-password-1";
  public static final String SUPPORT_ADDRESS = "support@test.example";
  public static final String INBOUND_TOKEN = "test-inbound-token-0123456789";

  private static TestApp instance;
  private static TestApp second;

  private final App app;
  private final String dbUrl;
  private final String jdbcUrl;
  private final String baseUrl;
  private final int smtpPort;

  private TestApp(App app, String dbUrl, String jdbcUrl, String baseUrl, int smtpPort) {
    this.app = app;
    this.dbUrl = dbUrl;
    this.jdbcUrl = jdbcUrl;
    this.baseUrl = baseUrl;
    this.smtpPort = smtpPort;
  }

  public static synchronized TestApp get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (Exception e) {
        throw new IllegalStateException("The service under test did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(instance.app::stop));
    }
    return instance;
  }

  /**
   * A second instance of the service, another process as far as it knows (its own Vert.x,
   * pool, port and listener), on the same database as {@link #get()}: the two must behave as one.
   */
  public static synchronized TestApp second() {
    TestApp first = get();
    if (second == null) {
      try {
        second = first.startAnother();
      } catch (Exception e) {
        throw new IllegalStateException("The second instance did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(second.app::stop));
    }
    return second;
  }

  private TestApp startAnother() throws Exception {
    int port = freePort();
    App another = App.start(config(dbUrl, port, smtpPort));
    return new TestApp(another, dbUrl, jdbcUrl, "http://localhost:" + port, smtpPort);
  }

  private static Config config(String dbUrl, int port, int smtpPort) {
    return new Config(port, dbUrl, 16, Path.of("target", "test-data"), null, 60,
        // resolved tickets are not closed behind the tests' backs; SlaEngineTest runs the job itself
        ADMIN_EMAIL, ADMIN_PASSWORD, "http://localhost:" + port, false, 3650,
        new Config.Smtp("127.0.0.1", smtpPort, null, null, "helpdesk@test.example", 120), Config.Ops.DEFAULT,
        // mail in by HTTP is on; the IMAP tests run their own pollers against GreenMail
        new Config.Inbound(SUPPORT_ADDRESS, INBOUND_TOKEN, null));
  }

  private static TestApp start() throws Exception {
    String dbUrl = System.getenv("HELPDESK_TEST_DB_URL");
    if (dbUrl == null || dbUrl.isBlank()) {
      dbUrl = System.getenv("HELPDESK_DB_URL");
    }
    if (dbUrl == null || dbUrl.isBlank()) {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (Exception ignored) {
          // the JVM is going away
        }
      }));
      dbUrl = "postgresql://postgres@localhost:" + pg.getPort() + "/postgres";
    }
    String jdbcUrl = toJdbc(dbUrl);
    dropSchema(jdbcUrl);
    int port = freePort();
    // mail goes to a port where tests that read mail start GreenMail; elsewhere it waits in the outbox
    int smtpPort = freePort();
    App app = App.start(config(dbUrl, port, smtpPort));
    return new TestApp(app, dbUrl, jdbcUrl, "http://localhost:" + port, smtpPort);
  }

  /** postgresql://user[:password]@host:port/db → jdbc:postgresql://host:port/db?user=..&password=.. */
  static String toJdbc(String url) {
    java.net.URI uri = java.net.URI.create(url.replaceFirst("^postgres://", "postgresql://"));
    String[] userInfo = uri.getUserInfo().split(":", 2);
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() == -1 ? 5432 : uri.getPort())
        + uri.getPath() + "?user=" + userInfo[0];
    return userInfo.length > 1 ? jdbc + "&password=" + userInfo[1] : jdbc;
  }

  private static void dropSchema(String jdbcUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS public CASCADE");
      s.execute("CREATE SCHEMA public");
    }
  }

  static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String baseUrl() {
    return baseUrl;
  }

  public int smtpPort() {
    return smtpPort;
  }

  public App app() {
    return app;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** An API client signed in as the admin. */
  public Api admin() {
    return Api.login(baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  public Api anonymous() {
    return new Api(baseUrl, null);
  }

  /**
   * Empties the desk (tickets, threads, events, contacts, users but the admin) and restarts
   * the ticket numbering. Event ids go on growing, as they always do in production: the
   * running instances' live feeds read on from the last id they saw.
   */
  public void reset() {
    execute("DO $$ DECLARE last bigint; BEGIN"
            + " SELECT last_value INTO last FROM events_id_seq;"
            + " TRUNCATE inbound_mails, ticket_ccs, web_requests,"
            + " attachment_chunks, attachments, outbox, portal_links_used, login_failures, ticket_changes,"
            + " messages, events, tickets, contacts, trash_rows, trash, user_links, audit_log"
            + " RESTART IDENTITY CASCADE;"
            // wallboard link ids go on growing: the running instances cache links by id
            + " DELETE FROM wallboard_links;"
            + " TRUNCATE report_days, report_ticket_days, report_dirty_days, routing_turns;"
            + " UPDATE routing_rules SET rules = '[]'; PERFORM pg_notify('helpdesk_routing', '');"
            + " PERFORM setval('events_id_seq', last);"
            + " END $$",
        "DELETE FROM users WHERE lower(email) <> '" + ADMIN_EMAIL + "'");
    // the list remembers broad filters for a few seconds; an emptied desk has none
    dev.helpdesk.search.TicketSearch.forgetBroadCounts();
    // view counts kept in memory are of the desk that is gone (its events are before the sequence's value now)
    dev.helpdesk.view.ViewCounts.forgetAll(lastEventId());
  }

  private long lastEventId() {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         java.sql.ResultSet rs = s.executeQuery("SELECT last_value FROM events_id_seq")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs statements; a deadlock with a background job of a running instance (a TRUNCATE
   * takes every table at once) is retried, as it is nobody's fault.
   */
  public void execute(String... statements) {
    for (int attempt = 1; ; attempt++) {
      try {
        executeOnce(statements);
        return;
      } catch (IllegalStateException e) {
        boolean deadlock = e.getCause() instanceof SQLException sql && "40P01".equals(sql.getSQLState());
        if (!deadlock || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private void executeOnce(String... statements) {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, as a string. */
  public String queryString(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row, as a long. */
  public long queryLong(String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
