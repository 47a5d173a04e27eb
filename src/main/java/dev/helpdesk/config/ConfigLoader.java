package dev.helpdesk.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads conf/config.json (from the working directory, else the copy inside the jar) and
 * lets HELPDESK_* environment variables override it. Every bad value fails with a
 * message that names the setting.
 */
public final class ConfigLoader {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern DB_URL =
      Pattern.compile("^postgres(ql)?://[^/@\\s]+(:[^@\\s]*)?@[^/:\\s]+(:\\d+)?/[^/?\\s]+(\\?.*)?$");

  private ConfigLoader() {}

  public static Config load(Map<String, String> env, String[] args) {
    JsonObject json = readFile();
    Settings s = new Settings(json, env);
    boolean demo = s.bool("demo", "HELPDESK_DEMO") || java.util.Arrays.asList(args).contains("--demo");
    JsonObject smtpJson = json.getJsonObject("smtp", new JsonObject());
    Settings smtp = new Settings(smtpJson, env);
    int port = s.integer("port", "HELPDESK_PORT", 8080, 0, 65535);
    Config config = new Config(
        port,
        s.dbUrl(),
        s.integer("dbPoolSize", "HELPDESK_DB_POOL_SIZE", 16, 1, 200),
        Path.of(s.string("dataDir", "HELPDESK_DATA_DIR", "data")),
        s.string("jwtSecret", "HELPDESK_JWT_SECRET", null),
        s.integer("tokenTtlMinutes", "HELPDESK_TOKEN_TTL_MINUTES", 720, 1, 525600),
        s.email("adminEmail", "HELPDESK_ADMIN_EMAIL", "admin@example.com"),
        s.string("adminPassword", "HELPDESK_ADMIN_PASSWORD", "admin12345"),
        s.url("publicUrl", "HELPDESK_PUBLIC_URL", "http://localhost:" + port),
        demo,
        s.integer("autoCloseDays", "HELPDESK_AUTO_CLOSE_DAYS", 4, 1, 3650),
        new Config.Smtp(
            smtp.string("host", "HELPDESK_SMTP_HOST", null),
            smtp.integer("port", "HELPDESK_SMTP_PORT", 25, 1, 65535),
            smtp.string("user", "HELPDESK_SMTP_USER", null),
            smtp.string("password", "HELPDESK_SMTP_PASSWORD", null),
            smtp.email("from", "HELPDESK_SMTP_FROM", "helpdesk@example.com"),
            smtp.integer("leaseSeconds", "HELPDESK_SMTP_LEASE_SECONDS", 120, 1, 86400)),
        new Config.Ops(
            s.integer("shutdownSeconds", "HELPDESK_SHUTDOWN_SECONDS", 10, 0, 3600),
            s.integer("drainDelaySeconds", "HELPDESK_DRAIN_DELAY_SECONDS", 0, 0, 600),
            TrustedProxies.parse(s.string("trustedProxies", "HELPDESK_TRUSTED_PROXIES", ""))),
        inbound(json, env));
    if (config.adminPassword().length() < 8) {
      throw new ConfigException("HELPDESK_ADMIN_PASSWORD (adminPassword) must be at least 8 characters");
    }
    if (config.jwtSecret() != null && config.jwtSecret().length() < 32) {
      throw new ConfigException("HELPDESK_JWT_SECRET (jwtSecret) must be at least 32 characters");
    }
    return config;
  }

  /** HELPDESK_SUPPORT_ADDRESS, HELPDESK_INBOUND_TOKEN and HELPDESK_IMAP_* (JSON: "mail": {...}, "imap": {...}). */
  private static Config.Inbound inbound(JsonObject json, Map<String, String> env) {
    Settings mail = new Settings(json.getJsonObject("mail", new JsonObject()), env);
    Settings imap = new Settings(json.getJsonObject("imap", new JsonObject()), env);
    String support = mail.raw("supportAddress", "HELPDESK_SUPPORT_ADDRESS");
    if (support != null && !EMAIL.matcher(support).matches()) {
      throw new ConfigException("HELPDESK_SUPPORT_ADDRESS (mail.supportAddress) must be an email address, got '"
          + support + "'");
    }
    String token = mail.raw("inboundToken", "HELPDESK_INBOUND_TOKEN");
    if (token != null && token.length() < 16) {
      throw new ConfigException("HELPDESK_INBOUND_TOKEN (mail.inboundToken) must be at least 16 characters");
    }
    String host = imap.raw("host", "HELPDESK_IMAP_HOST");
    String security = imap.string("security", "HELPDESK_IMAP_SECURITY", "tls").toLowerCase();
    if (!java.util.Set.of("tls", "starttls", "none").contains(security)) {
      throw new ConfigException("HELPDESK_IMAP_SECURITY (imap.security) must be tls, starttls or none, got '"
          + security + "'");
    }
    Config.Imap box = host == null ? null : new Config.Imap(host,
        imap.integer("port", "HELPDESK_IMAP_PORT", 993, 1, 65535),
        imap.string("user", "HELPDESK_IMAP_USER", null),
        imap.string("password", "HELPDESK_IMAP_PASSWORD", null),
        security,
        imap.string("folder", "HELPDESK_IMAP_FOLDER", "INBOX"),
        imap.integer("pollSeconds", "HELPDESK_IMAP_POLL_SECONDS", 30, 1, 86400));
    return new Config.Inbound(support, token, box);
  }

  private static JsonObject readFile() {
    Path file = Path.of("conf", "config.json");
    try {
      if (Files.exists(file)) {
        return new JsonObject(Files.readString(file));
      }
      try (InputStream in = ConfigLoader.class.getResourceAsStream("/conf/config.json")) {
        return in == null ? new JsonObject() : new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (DecodeException e) {
      throw new ConfigException("conf/config.json is not valid JSON: " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException("conf/config.json cannot be read: " + e.getMessage());
    }
  }

  /** One source of settings: the environment variable wins over the JSON key. */
  private record Settings(JsonObject json, Map<String, String> env) {

    String raw(String key, String var) {
      String fromEnv = env.get(var);
      if (fromEnv != null) {
        return fromEnv.isBlank() ? null : fromEnv.trim();
      }
      Object value = json.getValue(key);
      return value == null ? null : value.toString();
    }

    String string(String key, String var, String fallback) {
      String value = raw(key, var);
      return value == null ? fallback : value;
    }

    int integer(String key, String var, int fallback, int min, int max) {
      String value = raw(key, var);
      if (value == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(value);
        if (n < min || n > max) {
          throw new NumberFormatException();
        }
        return n;
      } catch (NumberFormatException e) {
        throw new ConfigException(var + " (" + key + ") must be a whole number from " + min + " to " + max
            + ", got '" + value + "'");
      }
    }

    boolean bool(String key, String var) {
      String value = raw(key, var);
      if (value == null) {
        return false;
      }
      return switch (value.toLowerCase()) {
        case "1", "true", "yes" -> true;
        case "0", "false", "no" -> false;
        default -> throw new ConfigException(var + " (" + key + ") must be true or false, got '" + value + "'");
      };
    }

    String email(String key, String var, String fallback) {
      String value = string(key, var, fallback);
      if (!EMAIL.matcher(value).matches()) {
        throw new ConfigException(var + " (" + key + ") must be an email address, got '" + value + "'");
      }
      return value;
    }

    String url(String key, String var, String fallback) {
      String value = string(key, var, fallback);
      try {
        URI uri = URI.create(value);
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException(var + " (" + key + ") must be an http(s) URL, got '" + value + "'");
      }
      return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    String dbUrl() {
      String value = raw("dbUrl", "HELPDESK_DB_URL");
      if (value != null && !DB_URL.matcher(value).matches()) {
        throw new ConfigException("HELPDESK_DB_URL (dbUrl) must look like postgresql://user[:password]@host:port/database");
      }
      return value;
    }
  }
}
