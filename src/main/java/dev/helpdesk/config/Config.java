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
    Smtp smtp,
    Ops ops,
    Inbound inbound) {

  /** Without the mail-in settings: no support address, no inbound route, no polling. */
  public Config(int port, String dbUrl, int dbPoolSize, Path dataDir, String jwtSecret, int tokenTtlMinutes,
                String adminEmail, String adminPassword, String publicUrl, boolean demo, int autoCloseDays, Smtp smtp,
                Ops ops) {
    this(port, dbUrl, dbPoolSize, dataDir, jwtSecret, tokenTtlMinutes, adminEmail, adminPassword, publicUrl, demo,
        autoCloseDays, smtp, ops, Inbound.NONE);
  }

  /**
   * Mail in: {@code supportAddress} customers write to (null: From of outgoing mail is
   * {@code smtp.from}); {@code token} enables POST /api/inbound/email; {@code imap} null: no polling.
   */
  public record Inbound(String supportAddress, String token, Imap imap) {
    public static final Inbound NONE = new Inbound(null, null, null);
  }

  /** The support mailbox: security is tls, starttls or none. */
  public record Imap(String host, int port, String user, String password, String security, String folder,
                     int pollSeconds) {}

  /**
   * Outgoing mail; host null means mail stays queued. {@code leaseSeconds}: how long a
   * mail being sent is held before another attempt, should the sender die mid-way.
   */
  public record Smtp(String host, int port, String user, String password, String from, int leaseSeconds) {}

  /**
   * Running behind a balancer: {@code shutdownSeconds}, how long a stopping instance answers
   * what is in flight; {@code drainDelaySeconds}, how long it keeps serving while /health
   * already says draining, so that a balancer polling it stops sending before the listener
   * closes; {@code trustedProxies}, the addresses or CIDR ranges whose X-Forwarded-For is
   * believed (empty: none, the socket's peer is the client).
   */
  public record Ops(int shutdownSeconds, int drainDelaySeconds, java.util.List<String> trustedProxies) {

    public static final Ops DEFAULT = new Ops(10, 0, java.util.List.of());
  }

  public boolean embeddedDatabase() {
    return dbUrl == null;
  }

  public Config withPort(int newPort) {
    return new Config(newPort, dbUrl, dbPoolSize, dataDir, jwtSecret, tokenTtlMinutes,
        adminEmail, adminPassword, publicUrl, demo, autoCloseDays, smtp, ops, inbound);
  }

  public Config withOps(Ops newOps) {
    return new Config(port, dbUrl, dbPoolSize, dataDir, jwtSecret, tokenTtlMinutes,
        adminEmail, adminPassword, publicUrl, demo, autoCloseDays, smtp, newOps, inbound);
  }
}
