package dev.helpdesk.config;

/** A setting is wrong; the message names it and is printed as one line at start-up. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
