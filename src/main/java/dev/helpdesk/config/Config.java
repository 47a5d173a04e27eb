package dev.helpdesk.config;

import java.nio.file.Path;

/** The service's settings, read once at start-up from conf/config.json and HELPDESK_* variables. */
public record Config(
    int port,
    String dbUrl,
    int dbPoolSize,
    Path dataDir,
    String jwtSecret,
    int tokenTtlMinutes,
    String adminEmail,
    String adminPassword,
    String publicUrl,
    boolean demo,
    int autoCloseDays,
    Smtp smtp) {

  /**
   * Outgoing mail; host null means mail stays queued. {@code leaseSeconds}: how long a
   * mail being sent is held before another attempt, should the sender die mid-way.
   */
  public record Smtp(String host, int port, String user, String password, String from, int leaseSeconds) {}

  public boolean embeddedDatabase() {
    return dbUrl == null;
  }

  public Config withPort(int newPort) {
    return new Config(newPort, dbUrl, dbPoolSize, dataDir, jwtSecret, tokenTtlMinutes,
        adminEmail, adminPassword, publicUrl, demo, autoCloseDays, smtp);
  }
}
