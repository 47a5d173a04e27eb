/**
 * In-app notifications (who hears of which change), their per-kind preferences for mail and
 * in-app, and @mentions in notes. {@link dev.helpdesk.notify.Notifications#changed} is the one
 * function the ticket write path calls, inside the change's own transaction.
 */
package dev.helpdesk.notify;
