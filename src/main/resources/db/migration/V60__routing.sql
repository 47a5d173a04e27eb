-- Routing rules: one ordered list (a JSON array), replaced as a whole by PUT /api/routing/rules.
-- Every instance keeps it in memory and reloads it when the list changes (NOTIFY helpdesk_routing).
CREATE TABLE routing_rules (
    id         integer     PRIMARY KEY CHECK (id = 1),
    rules      jsonb       NOT NULL DEFAULT '[]',
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO routing_rules (id) VALUES (1);

-- Round robin: whose turn it was last, per rule (by name). The row lock taken in the ticket's
-- own transaction makes two instances creating at once take turns, not the same agent.
CREATE TABLE routing_turns (
    rule_name    text PRIMARY KEY,
    last_user_id bigint
);

-- The next active agent or admin of p_among after the one whose turn it was (in the order of
-- p_among), and remember them; null when none of p_among is active. Inside the caller's
-- transaction: the turn is taken only if the ticket is created.
CREATE FUNCTION routing_take_turn(p_rule text, p_among bigint[]) RETURNS bigint
    LANGUAGE plpgsql AS
$$
DECLARE
    last_id bigint;
    last_pos integer;
    next_id bigint;
BEGIN
    SELECT last_user_id INTO last_id FROM routing_turns WHERE rule_name = p_rule FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO routing_turns (rule_name) VALUES (p_rule) ON CONFLICT DO NOTHING;
        SELECT last_user_id INTO last_id FROM routing_turns WHERE rule_name = p_rule FOR UPDATE;
    END IF;
    last_pos := coalesce(array_position(p_among, last_id), 0);
    SELECT m.id INTO next_id
    FROM unnest(p_among) WITH ORDINALITY AS m(id, pos)
    JOIN users u ON u.id = m.id AND u.active AND u.role IN ('admin', 'agent')
    ORDER BY (m.pos <= last_pos), m.pos
    LIMIT 1;
    IF next_id IS NOT NULL THEN
        UPDATE routing_turns SET last_user_id = next_id WHERE rule_name = p_rule;
    END IF;
    RETURN next_id;
END
$$;
