package dev.helpdesk.conversation;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a file is, decided from its first bytes for images (the only types shown inline),
 * and from the client's word otherwise, except for types a browser would run.
 */
final class FileTypes {

  static final Set<String> PREVIEWABLE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

  private static final Pattern MEDIA_TYPE = Pattern.compile("^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$");
  private static final Set<String> ACTIVE = Set.of("text/html", "application/xhtml+xml", "image/svg+xml",
      "text/xml", "application/xml", "text/javascript", "application/javascript", "application/x-shockwave-flash");

  private FileTypes() {}

  static String detect(Buffer head, String declared) {
    if (startsWith(head, new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
      return "image/png";
    }
    if (startsWith(head, new int[] {0xFF, 0xD8, 0xFF})) {
      return "image/jpeg";
    }
    String ascii = head.length() >= 12 ? head.getString(0, 12, StandardCharsets.ISO_8859_1.name()) : "";
    if (ascii.startsWith("GIF87a") || ascii.startsWith("GIF89a")) {
      return "image/gif";
    }
    if (ascii.startsWith("RIFF") && ascii.startsWith("WEBP", 8)) {
      return "image/webp";
    }
    String type = declared == null ? "" : declared.toLowerCase().split(";")[0].strip();
    if (!MEDIA_TYPE.matcher(type).matches() || ACTIVE.contains(type) || PREVIEWABLE.contains(type)) {
      // a claimed image that is not one is just bytes
      return "application/octet-stream";
    }
    return type;
  }

  private static boolean startsWith(Buffer head, int[] magic) {
    if (head.length() < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head.getByte(i) & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
