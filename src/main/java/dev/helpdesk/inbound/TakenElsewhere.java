package dev.helpdesk.inbound;

/**
 * The poller's mail is being taken by another instance right now (or answers one that is):
 * nothing is written and the mail stays unseen; that instance flags it once committed, or, should
 * it fail, a later round takes it.
 */
final class TakenElsewhere extends RuntimeException {
  TakenElsewhere() {
    super("being taken by another instance", null, false, false);
  }
}
