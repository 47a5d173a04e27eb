package dev.helpdesk.ticket;

import dev.helpdesk.domain.WireEnum;

/** A ticket's category; wire names are lower snake case. */
public enum Category implements WireEnum {
  GENERAL, BILLING, TECHNICAL, ACCOUNT, FEATURE_REQUEST, BUG_REPORT, OTHER
}
