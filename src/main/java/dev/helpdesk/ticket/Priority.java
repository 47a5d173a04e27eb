package dev.helpdesk.ticket;

import dev.helpdesk.domain.WireEnum;

/** A ticket's priority; wire names are lower snake case. */
public enum Priority implements WireEnum {
  URGENT, HIGH, MEDIUM, LOW
}
