package dev.helpdesk.inbound;

import java.util.List;

/**
 * One mail as the pipeline needs it: decoded headers, the text (HTML already turned into
 * text), the files, and what kind of mail it is. {@code key} is the Message-ID, or a hash
 * of the bytes for a mail without one.
 */
public record ParsedMail(String key, String messageId, List<String> references, Address from, List<Address> to,
                         List<Address> cc, String subject, String text, List<File> files, List<String> tooLarge,
                         String autoReason, Bounce bounce) {

  /** A mailbox: lower-case address and decoded display name ("" when none). */
  public record Address(String email, String name) {
    public String nameOrEmail() {
      return name == null || name.isBlank() ? email : name;
    }
  }

  /** An attachment or inline image; {@code inline} for images a multipart/related body shows. */
  public record File(String filename, String contentType, byte[] data, boolean inline) {}

  /** A delivery report: the recipient that failed, why, and the Message-ID of the mail that bounced. */
  public record Bounce(String recipient, String reason, String originalMessageId) {}

  public boolean isBounce() {
    return bounce != null;
  }
}
