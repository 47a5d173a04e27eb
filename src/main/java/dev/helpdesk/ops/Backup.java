package dev.helpdesk.ops;

import dev.helpdesk.db.Database;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A whole desk in one file, attachments included (they live in PostgreSQL): a zip holding
 * {@code manifest.json} (schema version, tables and their columns, sequences) and each
 * table as PostgreSQL binary COPY data, read in one repeatable-read snapshot, so it is
 * consistent even while the service runs on an external database.
 *
 * <p>A restore goes into an empty database: the schema is migrated to the backup's version,
 * the rows copied in (triggers off where the role allows it, else in foreign-key order), the
 * sequences set, then the schema migrated to this release's version, so an old backup
 * restores into a new release. Blocking (JDBC): for the command line, never an event loop.
 *
 * <p>Why not pg_dump: the embedded PostgreSQL comes without it; with an external
 * PostgreSQL, pg_dump and pg_restore work too (see the README).
 */
public final class Backup {

  static final String FORMAT = "helpdesk-backup";
  static final int FORMAT_VERSION = 1;

  private static final String SCHEMA_VERSION = "SELECT version FROM flyway_schema_history WHERE success"
      + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1";
  private static final String TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
      + " AND tablename <> 'flyway_schema_history' ORDER BY tablename";
  private static final String COLUMNS = "SELECT column_name FROM information_schema.columns"
      + " WHERE table_schema = 'public' AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position";
  /** Table → the tables it refers to (self references left out: COPY checks them at the end of the statement). */
  private static final String REFERENCES = "SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text"
      + " AS parent FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
      + " WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid";
  private static final String SEQUENCES = "SELECT sequencename, last_value FROM pg_sequences"
      + " WHERE schemaname = 'public' ORDER BY sequencename";

  private Backup() {}

  /** What a backup holds, as counted while writing or reading it. */
  public record Summary(String schemaVersion, Map<String, Long> rows) {}

  /** Writes the database to {@code file} (through a temporary file, so a failed backup leaves no half file). */
  public static Summary write(Database db, Path file) throws IOException, SQLException {
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try (Connection c = db.jdbc()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      String version = single(c, SCHEMA_VERSION);
      if (version == null) {
        throw new IllegalStateException("The database has no help desk schema: nothing to back up");
      }
      List<String> tables = strings(c, TABLES);
      JsonArray tableList = new JsonArray();
      Map<String, Long> rows = new LinkedHashMap<>();
      try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
        for (String table : tables) {
          List<String> columns = columns(c, table);
          zip.putNextEntry(new ZipEntry("data/" + table + ".copy"));
          long n = copyManager(c).copyOut("COPY " + quote(table) + " (" + String.join(", ", quoted(columns))
              + ") TO STDOUT WITH (FORMAT binary)", new NonClosing(zip));
          zip.closeEntry();
          rows.put(table, n);
          tableList.add(new JsonObject().put("name", table).put("columns", new JsonArray(columns)).put("rows", n));
        }
        JsonArray sequences = new JsonArray();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SEQUENCES)) {
          while (rs.next()) {
            long last = rs.getLong(2);
            if (!rs.wasNull()) {
              sequences.add(new JsonObject().put("name", rs.getString(1)).put("lastValue", last));
            }
          }
        }
        zip.putNextEntry(new ZipEntry("manifest.json"));
        zip.write(new JsonObject().put("format", FORMAT).put("formatVersion", FORMAT_VERSION)
            .put("schemaVersion", version).put("createdAt", Instant.now().toString())
            .put("tables", tableList).put("sequences", sequences).encodePrettily().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      c.commit();
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Summary(version, rows);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Restores {@code file} into the (empty) database, then migrates it to this release.
   * Refuses a database that already holds a help desk, and a backup from a newer release.
   */
  public static Summary restore(Database db, Path file) throws IOException, SQLException {
    JsonObject manifest = manifest(file);
    if (!FORMAT.equals(manifest.getString("format")) || manifest.getInteger("formatVersion", 0) != FORMAT_VERSION) {
      throw new IllegalStateException(file + " is not a help desk backup of a format this release reads");
    }
    String version = manifest.getString("schemaVersion");
    try (Connection c = db.jdbc()) {
      if (!strings(c, TABLES).isEmpty()) {
        throw new IllegalStateException("The database is not empty: restore into a new database"
            + " (or, for the embedded one, a new HELPDESK_DATA_DIR)");
      }
    }
    db.migrate(version);
    Map<String, Long> rows = new LinkedHashMap<>();
    try (Connection c = db.jdbc()) {
      c.setAutoCommit(false);
      boolean triggersOff = triggersOff(c);
      Map<String, JsonObject> tables = new LinkedHashMap<>();
      manifest.getJsonArray("tables").forEach(t -> tables.put(((JsonObject) t).getString("name"), (JsonObject) t));
      try (Statement s = c.createStatement()) {
        // migrations may seed rows (settings, the default SLA policy): the backup's replace them
        s.execute("TRUNCATE " + String.join(", ", quoted(new ArrayList<>(tables.keySet()))) + " CASCADE");
      }
      Map<String, byte[]> data = new LinkedHashMap<>();
      try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
          if (e.getName().startsWith("data/")) {
            String table = e.getName().substring(5, e.getName().length() - ".copy".length());
            if (triggersOff) {
              rows.put(table, copyIn(c, tables.get(table), zip));
            } else {
              data.put(table, zip.readAllBytes()); // loaded below, parents first
            }
          }
        }
      }
      if (!triggersOff) {
        for (String table : inReferenceOrder(c, new ArrayList<>(data.keySet()))) {
          rows.put(table, copyIn(c, tables.get(table), new java.io.ByteArrayInputStream(data.get(table))));
        }
      }
      for (Object o : manifest.getJsonArray("sequences")) {
        JsonObject seq = (JsonObject) o;
        try (PreparedStatement ps = c.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
          ps.setString(1, quote(seq.getString("name")));
          ps.setLong(2, seq.getLong("lastValue"));
          ps.execute();
        }
      }
      c.commit();
    }
    db.migrate(null);
    return new Summary(version, rows);
  }

  /** Reads the manifest of a backup file. */
  public static JsonObject manifest(Path file) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if ("manifest.json".equals(e.getName())) {
          return new JsonObject(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    throw new IllegalStateException(file + " has no manifest.json: not a help desk backup");
  }

  private static long copyIn(Connection c, JsonObject table, InputStream data) throws SQLException, IOException {
    List<String> columns = table.getJsonArray("columns").stream().map(String::valueOf).toList();
    return copyManager(c).copyIn("COPY " + quote(table.getString("name")) + " (" + String.join(", ", quoted(columns))
        + ") FROM STDIN WITH (FORMAT binary)", new NonClosingInput(data));
  }

  /** Triggers (foreign keys, event numbering) off for this session: needs a superuser, as the embedded one is. */
  private static boolean triggersOff(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("SAVEPOINT replica");
      s.execute("SET LOCAL session_replication_role = replica");
      return true;
    } catch (SQLException e) {
      try (Statement s = c.createStatement()) {
        s.execute("ROLLBACK TO SAVEPOINT replica");
      } catch (SQLException ignored) {
        // the savepoint is gone with the failed statement's transaction state; nothing else to undo
      }
      return false;
    }
  }

  private static List<String> inReferenceOrder(Connection c, List<String> tables) throws SQLException {
    Map<String, List<String>> parents = new LinkedHashMap<>();
    tables.forEach(t -> parents.put(t, new ArrayList<>()));
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(REFERENCES)) {
      while (rs.next()) {
        String child = rs.getString(1).replace("\"", "");
        String parent = rs.getString(2).replace("\"", "");
        if (parents.containsKey(child) && parents.containsKey(parent)) {
          parents.get(child).add(parent);
        }
      }
    }
    List<String> ordered = new ArrayList<>();
    while (ordered.size() < tables.size()) {
      boolean progress = false;
      for (String t : tables) {
        if (!ordered.contains(t) && ordered.containsAll(parents.get(t))) {
          ordered.add(t);
          progress = true;
        }
      }
      if (!progress) {
        throw new IllegalStateException("Tables refer to each other in a cycle; restore as a superuser");
      }
    }
    return ordered;
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  private static CopyManager copyManager(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return null; // no flyway_schema_history: not a help desk database
      }
      throw e;
    }
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static List<String> quoted(List<String> identifiers) {
    return identifiers.stream().map(Backup::quote).toList();
  }

  /** COPY closes the stream it is given; the zip must stay open for the next entry. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static final class NonClosingInput extends java.io.FilterInputStream {
    NonClosingInput(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the zip goes on to its next entry
    }
  }
}
