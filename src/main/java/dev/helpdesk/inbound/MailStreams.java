package dev.helpdesk.inbound;

import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * Names Angus as Jakarta Mail's stream provider, once, before the first message is made.
 * Jakarta Mail 2.1 looks the provider up for every message, body part, multipart and encoded
 * header it makes, and without this system property that is a {@code ServiceLoader} reading
 * every jar of the class path each time (jakartaee/mail-api#699, #861): in the IMAP benchmark
 * half the CPU of parsing mails and of the poller's thread. With it, one class lookup. A value
 * set already (by the operator) is kept.
 */
final class MailStreams {

  private static final String PROPERTY = "jakarta.mail.util.StreamProvider";

  private MailStreams() {}

  static void nameProvider() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, MailStreamProvider.class.getName());
    }
  }
}
