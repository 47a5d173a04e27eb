/**
 * Macros: canned replies with field changes, shared (kept by admins) or private, applied to a
 * ticket in one transaction through the ticket and conversation services.
 */
package dev.helpdesk.macro;
