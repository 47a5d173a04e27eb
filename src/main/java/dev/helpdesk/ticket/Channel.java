package dev.helpdesk.ticket;

import dev.helpdesk.http.WireEnum;

/** A ticket's channel; wire names are lower snake case. */
public enum Channel implements WireEnum {
  EMAIL, WEB, PHONE, CHAT, INTERNAL
}
