package dev.helpdesk.inbound;

/** A mail that cannot be taken as it is (unparseable, no usable From, headers too large): it is set aside. */
public final class BadMail extends RuntimeException {
  public BadMail(String reason) {
    super(reason, null, false, false);
  }
}
