-- Live feed and wallboard.

-- A requester resuming after a reconnect replays only their own, non-internal events.
CREATE INDEX events_requester_idx ON events (requester, id) WHERE NOT internal;

-- The wallboard counts open tickets and those resolved in the last hours on every change.
CREATE INDEX tickets_open_priority_idx ON tickets (priority) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_resolved_at_idx ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
