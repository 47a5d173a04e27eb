package dev.helpdesk.mail;

/** One outgoing mail with a text and an HTML part. */
public record Mail(String to, String subject, String text, String html, Long ticketId) {}
