package dev.helpdesk.ticket;

import dev.helpdesk.domain.WireEnum;

/** A ticket's status; wire names are lower snake case. */
public enum Status implements WireEnum {
  OPEN, PENDING, IN_PROGRESS, ON_HOLD, RESOLVED, CLOSED;

  /** Waiting on the customer or on hold: the SLA clock stands still. */
  public boolean pausesSla() {
    return this == PENDING || this == ON_HOLD;
  }

  public boolean isDone() {
    return this == RESOLVED || this == CLOSED;
  }

  /** Any status may move to any other, except that a closed ticket can only be reopened. */
  public boolean canMoveTo(Status next) {
    return this != CLOSED || next == OPEN || next == CLOSED;
  }
}
