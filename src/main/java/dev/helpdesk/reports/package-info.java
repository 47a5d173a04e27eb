/**
 * Reports: created, resolved, first-response and resolution medians, SLA met, satisfaction and
 * backlog per day, week, agent, category, channel or priority. Read from daily roll-ups
 * ({@link dev.helpdesk.reports.ReportFolder}) that the change log keeps exact; JSON, CSV and PDF.
 */
package dev.helpdesk.reports;
