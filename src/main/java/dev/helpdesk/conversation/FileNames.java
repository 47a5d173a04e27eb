package dev.helpdesk.conversation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A user's filename is shown, never trusted: no paths, no control characters, and safely quoted in headers. */
final class FileNames {

  static final int MAX_LENGTH = 200;

  private FileNames() {}

  static String clean(String given) {
    String name = given == null ? "" : given;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.replaceAll("[\\p{Cc}\\p{Cf}]", "").strip();
    while (name.startsWith(".")) {
      name = name.substring(1);
    }
    if (name.isEmpty()) {
      name = "file";
    }
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      int dot = name.lastIndexOf('.');
      String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
      name = name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH - ext.length())) + ext;
    }
    return name;
  }

  /** RFC 6266: an ASCII fallback plus the exact name in UTF-8. */
  static String contentDisposition(String disposition, String filename) {
    String ascii = filename.replaceAll("[^\\x20-\\x7E]", "_").replace("\"", "_").replace("\\", "_");
    String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    return disposition + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
