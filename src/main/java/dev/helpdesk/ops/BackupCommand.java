package dev.helpdesk.ops;

import dev.helpdesk.config.Config;
import dev.helpdesk.db.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar helpdesk.jar --backup FILE} and {@code --restore FILE}: run against the
 * configured database (HELPDESK_DB_URL, else the embedded one in HELPDESK_DATA_DIR), print
 * one line per table, and exit. The embedded database belongs to one process: stop the
 * service before using these on it.
 */
public record BackupCommand(boolean restore, Path file) {

  public static Optional<BackupCommand> parse(String[] args) {
    List<String> list = List.of(args);
    for (String flag : new String[] {"--backup", "--restore"}) {
      int at = list.indexOf(flag);
      if (at >= 0) {
        if (at + 1 >= list.size() || list.get(at + 1).startsWith("--")) {
          throw new IllegalArgumentException(flag + " needs a file name: " + flag + " helpdesk-backup.zip");
        }
        return Optional.of(new BackupCommand("--restore".equals(flag), Path.of(list.get(at + 1))));
      }
    }
    return Optional.empty();
  }

  public static boolean requested(String[] args) {
    return List.of(args).contains("--backup") || List.of(args).contains("--restore");
  }

  /** Parses and runs; a refusal (not empty, not a backup, no file) is one line on stderr and exit code 2. */
  public static int runFromCommandLine(Config config, String[] args) throws Exception {
    try {
      return parse(args).orElseThrow().run(config);
    } catch (IllegalArgumentException | IllegalStateException | java.io.IOException e) {
      String why = e instanceof java.nio.file.NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
      System.err.println((List.of(args).contains("--restore") ? "Restore" : "Backup") + " failed: " + why);
      return 2;
    }
  }

  /** Runs it; returns the process exit code. */
  public int run(Config config) throws Exception {
    try (Database db = Database.connect(config)) {
      Backup.Summary summary = restore ? Backup.restore(db, file) : Backup.write(db, file);
      long rows = summary.rows().values().stream().mapToLong(Long::longValue).sum();
      System.out.printf("%s %s: schema version %s, %d tables, %d rows%n", restore ? "Restored" : "Backed up to",
          file, summary.schemaVersion(), summary.rows().size(), rows);
      summary.rows().forEach((table, n) -> System.out.printf("  %-24s %,d%n", table, n));
      return 0;
    }
  }
}
