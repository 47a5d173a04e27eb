package dev.helpdesk.team;

import dev.helpdesk.http.JsonFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The contract's password rules: at least {@value #MIN_LENGTH} characters and not one of the
 * 10,000 most common passwords. The list ({@code passwords/common-10000.txt}) is the first
 * 10,000 lines of Django 5.2's {@code common-passwords.txt.gz} (BSD-3), which is Royce
 * Williams's list of the most common passwords, most common first; compared in lower case.
 */
public final class PasswordRules {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 200;
  private static final Set<String> COMMON = load();

  private PasswordRules() {}

  /** Reads a new password field and records what is wrong with it; null when absent or bad. */
  public static String newPassword(JsonFields f, String field, boolean required) {
    String value = f.string(field, required, 1, MAX_LENGTH);
    if (value == null) {
      return null;
    }
    String problem = problem(value);
    if (problem != null) {
      f.error(field, problem);
      return null;
    }
    return value;
  }

  /** Why the password may not be used, or null. */
  public static String problem(String password) {
    if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return "must be at least " + MIN_LENGTH + " characters";
    }
    if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
      return "is one of the 10,000 most common passwords; choose another";
    }
    return null;
  }

  static int listSize() {
    return COMMON.size();
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>(16_384);
    try (InputStream in = PasswordRules.class.getResourceAsStream("/passwords/common-10000.txt")) {
      if (in == null) {
        throw new IllegalStateException("passwords/common-10000.txt is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank()) {
          words.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }
}
