package dev.helpdesk.conversation;

import java.util.List;

/** A validated reply or note, with the ids of files the author uploaded for it. */
public record NewMessage(MessageType type, String body, List<Long> attachmentIds) {}
