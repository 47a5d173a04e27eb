package dev.helpdesk.conversation;

import dev.helpdesk.domain.WireEnum;

/** Replies are public, notes are for staff only, system messages are written by the service. */
public enum MessageType implements WireEnum {
  REPLY, NOTE, SYSTEM
}
