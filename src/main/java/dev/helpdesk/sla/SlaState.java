package dev.helpdesk.sla;

import dev.helpdesk.domain.WireEnum;

/** Where a ticket stands against its targets, from best to worst for the running states. */
public enum SlaState implements WireEnum {
  OK, APPROACHING, BREACHED, PAUSED, MET;

  static SlaState worse(SlaState a, SlaState b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }
}
