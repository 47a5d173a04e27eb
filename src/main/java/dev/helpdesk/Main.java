package dev.helpdesk;

import dev.helpdesk.config.Config;
import dev.helpdesk.config.ConfigException;
import dev.helpdesk.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the help desk: {@code java -jar target/helpdesk.jar [--demo]}. */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    try {
      Config config = ConfigLoader.load(System.getenv(), args);
      if (dev.helpdesk.ops.BackupCommand.requested(args)) {
        System.exit(dev.helpdesk.ops.BackupCommand.runFromCommandLine(config, args));
      }
      App app = App.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "shutdown"));
    } catch (ConfigException e) {
      System.err.println("Configuration error: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ConfigException config) {
        System.err.println("Configuration error: " + config.getMessage());
      } else {
        log.debug("Start-up failed", e);
        System.err.println("Start-up failed: " + cause.getMessage());
      }
      System.exit(1);
    }
  }
}
