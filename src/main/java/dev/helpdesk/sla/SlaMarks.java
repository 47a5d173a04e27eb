package dev.helpdesk.sla;

import java.time.Instant;

/**
 * The stored marks of a ticket's SLA clock, as of its last change: when each clock is
 * due, and when the running clocks turn approaching ({@code warnAt}) and breached
 * ({@code breachAt}). While a ticket is paused they stand still; a resume moves them on.
 */
public record SlaMarks(Instant firstDueAt, Instant resolutionDueAt, Instant warnAt, Instant breachAt) {}
