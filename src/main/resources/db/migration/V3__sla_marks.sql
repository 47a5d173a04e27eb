-- The SLA clock's marks, stored so that the state of a million tickets can be asked of an
-- index: when each clock is due, and when the running clocks turn approaching and
-- breached. The service computes them (SlaClock) at every change of the facts they come
-- from (priority, status, first response, pauses, policy); the state is then a
-- comparison with now(), the same in SQL (sla_state) as in Java.
ALTER TABLE tickets
    ADD COLUMN sla_first_due_at      timestamptz,
    ADD COLUMN sla_resolution_due_at timestamptz,
    ADD COLUMN sla_warn_at           timestamptz,
    ADD COLUMN sla_breach_at         timestamptz;

-- Rows written before this migration, with the default calendar-time targets.
WITH targets (priority, first_s, resolution_s) AS (
    VALUES ('urgent', 3600, 14400), ('high', 14400, 86400), ('medium', 28800, 259200), ('low', 86400, 604800)),
marks AS (
    SELECT t.id,
           t.created_at + make_interval(secs => g.first_s + t.paused_seconds)      AS first_due,
           t.created_at + make_interval(secs => g.resolution_s + t.paused_seconds) AS resolution_due,
           g.first_s, g.resolution_s, t.first_responded_at
    FROM tickets t JOIN targets g ON g.priority = t.priority)
UPDATE tickets t
SET sla_first_due_at      = m.first_due,
    sla_resolution_due_at = m.resolution_due,
    sla_breach_at         = CASE WHEN m.first_responded_at IS NULL THEN least(m.first_due, m.resolution_due)
                                 WHEN m.first_responded_at > m.first_due THEN m.first_due
                                 ELSE m.resolution_due END,
    sla_warn_at           = CASE WHEN m.first_responded_at IS NULL
                                 THEN least(m.first_due - make_interval(secs => m.first_s / 4),
                                            m.resolution_due - make_interval(secs => m.resolution_s / 4))
                                 WHEN m.first_responded_at > m.first_due THEN m.first_due
                                 ELSE m.resolution_due - make_interval(secs => m.resolution_s / 4) END
FROM marks m
WHERE m.id = t.id;

ALTER TABLE tickets
    ALTER COLUMN sla_first_due_at SET NOT NULL,
    ALTER COLUMN sla_resolution_due_at SET NOT NULL,
    ALTER COLUMN sla_warn_at SET NOT NULL,
    ALTER COLUMN sla_breach_at SET NOT NULL;

-- The state at a moment, from the stored marks. Mirrors SlaClock.state in Java.
CREATE FUNCTION sla_state(t tickets, at timestamptz) RETURNS text
    LANGUAGE sql STABLE AS
$$
SELECT CASE
    WHEN t.status IN ('resolved', 'closed') THEN
        CASE WHEN coalesce(t.first_responded_at, t.resolved_at, at) > t.sla_first_due_at
                  OR coalesce(t.resolved_at, at) > t.sla_resolution_due_at
             THEN 'breached' ELSE 'met' END
    WHEN t.status IN ('pending', 'on_hold') THEN 'paused'
    WHEN t.sla_breach_at <= at THEN 'breached'
    WHEN t.sla_warn_at <= at THEN 'approaching'
    ELSE 'ok'
END
$$;

-- Running tickets by when they turn approaching or breached: SLA Breaching, sla: tokens, the wallboard.
CREATE INDEX tickets_sla_warn_idx ON tickets (sla_warn_at) WHERE status IN ('open', 'in_progress');
CREATE INDEX tickets_sla_breach_idx ON tickets (sla_breach_at) WHERE status IN ('open', 'in_progress');
