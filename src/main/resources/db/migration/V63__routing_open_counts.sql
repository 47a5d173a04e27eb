-- least_open routing counts each agent's open tickets (not resolved or closed): an index-only
-- scan of this small index instead of visiting thousands of rows per agent at a million tickets.
CREATE INDEX tickets_open_assignee_idx ON tickets (assignee_id) WHERE status NOT IN ('resolved', 'closed')
    AND assignee_id IS NOT NULL;
