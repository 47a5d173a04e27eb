package dev.helpdesk.auth;

import dev.helpdesk.domain.WireEnum;

/** Admins and agents are staff; requesters see only their own tickets. */
public enum Role implements WireEnum {
  ADMIN, AGENT, REQUESTER;

  public boolean isStaff() {
    return this != REQUESTER;
  }
}
