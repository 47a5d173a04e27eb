package dev.helpdesk.db;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the data lives: the configured PostgreSQL, or an embedded one under the data
 * directory. Migrations run here, with JDBC, before any verticle is deployed.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final PgConnectOptions connectOptions;
  private final EmbeddedPostgres embedded;

  private Database(PgConnectOptions connectOptions, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.embedded = embedded;
  }

  /** Blocking: starts the embedded server if needed and applies migrations. */
  public static Database open(Config config) {
    Database db = connect(config);
    db.migrate();
    return db;
  }

  /** Blocking: starts the embedded server if needed, migrates nothing (backups, restores). */
  public static Database connect(Config config) {
    return config.embeddedDatabase() ? startEmbedded(config.dataDir()) : external(config.dbUrl());
  }

  private static Database external(String url) {
    PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^postgres://", "postgresql://"));
    return new Database(options, null);
  }

  private static Database startEmbedded(Path dataDir) {
    try {
      Path pgDir = dataDir.resolve("postgres").toAbsolutePath();
      Files.createDirectories(pgDir);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(pgDir)
          .setCleanDataDirectory(false)
          .setPort(freePort())
          .start();
      log.info("Embedded PostgreSQL started on port {} with data in {}", pg.getPort(), pgDir);
      PgConnectOptions options = new PgConnectOptions()
          .setHost("localhost").setPort(pg.getPort()).setUser("postgres").setDatabase("postgres");
      return new Database(options, pg);
    } catch (IOException e) {
      throw new ConfigException("HELPDESK_DATA_DIR: cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/" + connectOptions.getDatabase();
  }

  /** A JDBC connection, for blocking tools that run without Vert.x (backup, restore). */
  public java.sql.Connection jdbc() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection(jdbcUrl(), user(), password());
  }

  public String user() {
    return connectOptions.getUser();
  }

  public String password() {
    return connectOptions.getPassword();
  }

  private void migrate() {
    migrate(null);
  }

  /** Applies migrations up to {@code target} (a version such as "9"), or all of them when null. */
  public void migrate(String target) {
    try {
      var flyway = Flyway.configure()
          .dataSource(jdbcUrl(), user(), password())
          .locations("classpath:db/migration");
      if (target != null) {
        flyway.target(target);
      }
      flyway.load().migrate();
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw new ConfigException("HELPDESK_DB_URL: cannot migrate the database at " + jdbcUrl() + ": " + root.getMessage());
    }
  }

  /** The one pool of the process, shared by every verticle. */
  public Pool createPool(Vertx vertx, int maxSize) {
    PgConnectOptions options = new PgConnectOptions(connectOptions)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(512)
        .setPipeliningLimit(256)
        // Plan each execution with its values: the search compiles filters to cached prepared
        // statements, and a generic plan (chosen after five runs) cannot see that agent:none or
        // status:open is rare or common, nor prove that a partial index applies.
        .addProperty("plan_cache_mode", "force_custom_plan")
        // A common search word's bitmap (100,000+ tickets) stays exact instead of turning lossy
        // at the default 4 MB, where every row of every page must be checked again.
        .addProperty("work_mem", "16MB");
    PoolOptions poolOptions = new PoolOptions()
        .setMaxSize(maxSize)
        .setMaxWaitQueueSize(10_000)
        .setConnectionTimeout(10)
        .setName("helpdesk-pool")
        .setShared(false);
    return PgBuilder.pool().with(poolOptions).connectingTo(options).using(vertx).build();
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
