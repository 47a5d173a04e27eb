-- Reports: daily roll-ups, one row per UTC day, dimension and key, folded from the change log.
-- dim: 'all' (key ''), 'agent' (user id or 'none'), 'category', 'channel', 'priority'.
-- Medians stay exact: each cell keeps its durations (seconds, business time when business
-- hours are set), sorted, as varint-coded differences (Durations.encode: about 2-3 bytes each);
-- a year is a few hundred thousand of them to merge.
CREATE TABLE report_days (
    day                   date    NOT NULL,
    dim                   text    NOT NULL,
    key                   text    NOT NULL,
    created               integer NOT NULL,
    resolved              integer NOT NULL,
    sla_met               integer NOT NULL,
    good                  integer NOT NULL,
    bad                   integer NOT NULL,
    first_response_secs   bytea   NOT NULL,   -- tickets created that day that have a first response
    resolution_secs       bytea   NOT NULL,   -- tickets resolved that day
    PRIMARY KEY (dim, day, key)
);

-- The days each ticket was last counted on, so that a change (a reopening, a deletion) also
-- recomputes the days it leaves.
CREATE TABLE report_ticket_days (
    ticket_id    bigint PRIMARY KEY,
    created_day  date NOT NULL,
    resolved_day date,
    rated_day    date
);

-- Days whose cells must be recomputed.
CREATE TABLE report_dirty_days (
    day date PRIMARY KEY
);

-- How far the change log has been folded, and under which calendar the durations were counted.
CREATE TABLE report_state (
    id            integer PRIMARY KEY CHECK (id = 1),
    last_event_id bigint  NOT NULL,
    calendar      text
);

-- A desk with data: every day with tickets is computed by the service's folder (calendar NULL
-- makes it recompute them all, in the background, under the current business hours).
INSERT INTO report_state (id, last_event_id, calendar)
SELECT 1, coalesce((SELECT max(id) FROM events), 0), NULL;
INSERT INTO report_ticket_days (ticket_id, created_day, resolved_day)
SELECT id, (created_at AT TIME ZONE 'UTC')::date, (resolved_at AT TIME ZONE 'UTC')::date FROM tickets;
