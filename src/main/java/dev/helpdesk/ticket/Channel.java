package dev.helpdesk.ticket;

import dev.helpdesk.domain.WireEnum;

/** A ticket's channel; wire names are lower snake case. */
public enum Channel implements WireEnum {
  EMAIL, WEB, PHONE, CHAT, INTERNAL
}
