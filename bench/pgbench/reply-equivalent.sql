-- PostgreSQL alone, the equivalent of one public staff reply, one transaction per change:
-- lock the ticket (as GET returns it), insert the message, mark the first response and
-- updated_at, queue message.created and ticket.updated (ticket-sized payloads), queue the
-- requester's mail in the outbox (about the size of the service's reply mail), commit; at
-- commit the service's trigger numbers the events and NOTIFYs (V8).
-- :minid and :maxid bound the seeded tickets (pgbench -D minid=N -D maxid=M).
\set id random(:minid, :maxid)
BEGIN;
SELECT t.id, t.ref, t.status, t.priority, t.version, coalesce(rc.name, ru.name) AS requester_name,
       coalesce(rc.email, ru.email) AS requester_email, t.requester_contact_id, t.created_at, t.sla_first_due_at,
       t.sla_resolution_due_at
FROM tickets t LEFT JOIN contacts rc ON rc.id = t.requester_contact_id
     LEFT JOIN users ru ON ru.id = t.requester_user_id LEFT JOIN users a ON a.id = t.assignee_id
WHERE t.id = :id FOR UPDATE OF t \gset
INSERT INTO messages (ticket_id, type, author_user_id, body)
VALUES (:id, 'reply', NULL, 'Hello Bob, thanks for the details. We have reset the printer on floor 3 and cleared the rear tray sensor; the paper jam message should not come back. If it does, please reply here with a photo of the display and we will send someone over this afternoon. Kind regards, Support')
RETURNING id AS mid \gset
UPDATE tickets SET first_responded_at = coalesce(first_responded_at, now()), updated_at = now() WHERE id = :id;
INSERT INTO event_queue (kind, ticket_id, requester, internal, payload) VALUES
  ('message.created', :id, 'contact:' || :requester_contact_id, false,
   ('{"ticketRef": "' || :ref || '", "message": {"id": ' || :mid || ', "ticketId": ' || :id || ', "type": "reply", '
    '"author": {"type": "user", "id": 1, "name": "Bench Admin"}, "body": "Hello Bob, thanks for the details. We have reset the printer on floor 3 and cleared the rear tray sensor; the paper jam message should not come back. If it does, please reply here with a photo of the display and we will send someone over this afternoon. Kind regards, Support", '
    '"attachments": [], "createdAt": "' || now() || '", "mergedFrom": null}}')::jsonb),
  ('ticket.updated', :id, 'contact:' || :requester_contact_id, false,
   ('{"id": ' || :id || ', "ref": "' || :ref || '", "subject": "Printer on floor 3 reports a paper jam", '
    '"description": "Hello, since this morning the printer on the third floor (next to the kitchen) shows a paper jam although there is no paper stuck in it. I opened tray 2 and the rear door, switched it off and on again, and the message comes back after a minute. Several people need to print contracts today, so this is getting urgent for us. Could someone from IT have a look, or tell us which other printer we may use? Thanks, Bob", '
    '"status": "open", "priority": "medium", "category": "general", "channel": "email", '
    '"requester": {"type": "contact", "id": ' || :requester_contact_id || ', "name": "' || :requester_name || '", "email": "' || :requester_email || '"}, '
    '"assignee": null, "tags": ["bench"], "dueAt": null, "createdAt": "' || :created_at || '", "updatedAt": "' || now() || '", '
    '"version": ' || :version || ', "mergedInto": null, "followUpOf": null, '
    '"sla": {"state": "ok", "firstResponseDueAt": "' || :sla_first_due_at || '", "resolutionDueAt": "' || :sla_resolution_due_at || '", '
    '"firstRespondedAt": "' || now() || '", "pausedSeconds": 0}}')::jsonb);
INSERT INTO outbox (to_address, subject, text_body, html_body, ticket_id)
VALUES (:requester_email, '[' || :ref || '] Printer on floor 3 reports a paper jam',
  repeat('Hello Bob, Bench Admin replied to your request. Read the conversation and answer here: http://127.0.0.1/portal/#token=eyJhbGciOiJIUzI1NiJ9 ', 5),
  repeat('<p style="margin:0 0 12px">Hello Bob, Bench Admin replied to your request.</p><blockquote>reply</blockquote><a href="http://127.0.0.1/portal/">Open</a> ', 10),
  :id);
COMMIT;
