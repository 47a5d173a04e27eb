/** The SLA engine: policies with business hours, the clock and its stored marks, the breach watcher. */
package dev.helpdesk.sla;
