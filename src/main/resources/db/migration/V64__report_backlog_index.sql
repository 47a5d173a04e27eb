-- The backlog sums created - resolved over every day up to the end of a report (three years:
-- ~40,000 cells for a grouping): an index-only scan of these columns, not a visit to each
-- cell with its durations.
CREATE INDEX report_days_backlog_idx ON report_days (dim, day) INCLUDE (key, created, resolved);
