-- Who wrote a ticket's opening text: the staff member who opened it on the requester's behalf
-- (an agent's web, email, phone, chat or internal ticket); NULL when the requester opened it
-- themself (the portal, a mail in, POST /api/requests).
ALTER TABLE tickets ADD COLUMN created_by bigint REFERENCES users (id) ON DELETE SET NULL;

-- Existing tickets: what can be known. A ticket that a staff member opened and assigned (or a
-- rule routed, or a follow-up) got system notes in its own transaction, authored by whoever
-- opened it, with the ticket's own created_at: that author opened it. The others stay NULL
-- (unknown): the ticket JSON's openedByStaff then falls back to the channel (phone, chat and
-- internal tickets are taken down by staff).
UPDATE tickets t SET created_by = d.author
FROM (SELECT DISTINCT ON (m.ticket_id) m.ticket_id, m.author_user_id AS author
      FROM messages m
      JOIN tickets o ON o.id = m.ticket_id AND o.created_at = m.created_at
      JOIN users u ON u.id = m.author_user_id AND u.role IN ('admin', 'agent')
      WHERE m.type = 'system'
        AND (o.requester_user_id IS NULL OR o.requester_user_id <> m.author_user_id)
      ORDER BY m.ticket_id, m.id) d
WHERE t.id = d.ticket_id;
