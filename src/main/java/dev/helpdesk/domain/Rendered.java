package dev.helpdesk.domain;

/**
 * A value and its JSON, encoded once by the write path for the event and reused for the
 * answer, so a change is rendered once, not once per reader.
 */
public record Rendered<T>(T value, String json) {}
