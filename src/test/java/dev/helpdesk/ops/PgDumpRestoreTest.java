package dev.helpdesk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpdesk.support.Api;
import dev.helpdesk.support.Fixtures;
import dev.helpdesk.support.TestApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README promises that an external PostgreSQL is backed up with pg_dump -Fc and restored with
 * pg_restore. pg_restore builds indexes with an empty search_path, so a function an index
 * calls must find what it calls by itself (V91's subject_keys). Runs where the tests use a
 * PostgreSQL server (HELPDESK_TEST_DB_URL) and its client tools are installed, as in CI.
 */
class PgDumpRestoreTest {

  private final TestApp app = TestApp.get();

  @Test
  void aDumpRestoresIntoAFreshDatabaseAndItsSubjectKeysFindTheTicket() throws Exception {
    String url = System.getenv("HELPDESK_TEST_DB_URL");
    assumeTrue(url != null && !url.isBlank() && onPath("pg_dump") && onPath("pg_restore"),
        "needs HELPDESK_TEST_DB_URL and PostgreSQL's client tools");
    app.reset();
    Api admin = app.admin();
    Fixtures.ticket(admin, "Printer jams every morning", Fixtures.contact(admin, "Dumped Customer"));

    URI db = URI.create(url.replaceFirst("^postgres://", "postgresql://"));
    String user = db.getUserInfo().split(":", 2)[0];
    String host = db.getHost();
    String port = String.valueOf(db.getPort() == -1 ? 5432 : db.getPort());
    String name = db.getPath().substring(1);
    String restored = name + "_restored";
    Path dump = Files.createDirectories(Path.of("target", "pg-dump-test")).resolve("helpdesk.dump");
    run("pg_dump", "-Fc", "-h", host, "-p", port, "-U", user, "-d", name, "-f", dump.toString());
    String server = app.jdbcUrl().replaceFirst("/" + name + "\\?", "/postgres?");
    try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + restored);
      s.execute("CREATE DATABASE " + restored);
    }
    try {
      run("pg_restore", "--no-owner", "--exit-on-error", "-h", host, "-p", port, "-U", user, "-d", restored,
          dump.toString());
      try (Connection c = DriverManager.getConnection(app.jdbcUrl().replaceFirst("/" + name + "\\?",
              "/" + restored + "?"));
           Statement s = c.createStatement();
           ResultSet found = s.executeQuery("SELECT t.subject FROM tickets t WHERE subject_keys(t.status, t.priority,"
               + " t.assignee_id, t.subject) @@ subject_query('printer', '{open}', NULL, NULL)")) {
        List<String> subjects = new ArrayList<>();
        while (found.next()) {
          subjects.add(found.getString(1));
        }
        assertThat(subjects).containsExactly("Printer jams every morning");
      }
    } finally {
      try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + restored);
      }
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command[0], output).isZero();
  }
}
