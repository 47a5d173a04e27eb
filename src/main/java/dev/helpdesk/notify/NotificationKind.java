package dev.helpdesk.notify;

import dev.helpdesk.domain.WireEnum;

/**
 * What a notification is about, with its defaults: in the app, every kind; by mail, the two
 * kinds that were mailed before notifications existed (an assignment, a breach).
 */
public enum NotificationKind implements WireEnum {
  ASSIGNED(true), REQUESTER_REPLIED(false), MENTIONED(false), SLA_APPROACHING(false), SLA_BREACHED(true);

  private final boolean mailByDefault;

  NotificationKind(boolean mailByDefault) {
    this.mailByDefault = mailByDefault;
  }

  public boolean mailByDefault() {
    return mailByDefault;
  }

  /** Kinds whose mail the mail package sends itself (Notifier); the others' mails are NotificationMails. */
  boolean mailedByNotifier() {
    return this == ASSIGNED || this == SLA_BREACHED;
  }
}
