-- PostgreSQL alone, the equivalent of one PATCH of status and priority, one transaction per
-- change as the service did before group commit: lock the row (as GET returns it), write the
-- new status, priority and version, two history rows, two system messages, and queue three
-- events (ticket.updated with a ticket-sized payload, two message.created), commit; at
-- commit the service's trigger numbers the events and NOTIFYs (V8).
-- :minid and :maxid bound the seeded tickets (pgbench -D minid=N -D maxid=M).
\set id random(:minid, :maxid)
BEGIN;
SELECT t.id, t.ref, t.status, t.priority, t.version, coalesce(rc.name, ru.name) AS requester_name,
       coalesce(rc.email, ru.email) AS requester_email, t.requester_contact_id, t.created_at, t.sla_first_due_at,
       t.sla_resolution_due_at, a.name AS assignee_name
FROM tickets t LEFT JOIN contacts rc ON rc.id = t.requester_contact_id
     LEFT JOIN users ru ON ru.id = t.requester_user_id LEFT JOIN users a ON a.id = t.assignee_id
WHERE t.id = :id FOR UPDATE OF t \gset
UPDATE tickets SET status = CASE WHEN status = 'open' THEN 'in_progress' ELSE 'open' END,
       priority = CASE WHEN priority = 'medium' THEN 'high' ELSE 'medium' END,
       version = version + 1, updated_at = now()
WHERE id = :id;
INSERT INTO ticket_changes (ticket_id, actor_id, actor_name, field, old_value, new_value)
VALUES (:id, NULL, 'Bench Admin', 'status', :status, 'in_progress'),
       (:id, NULL, 'Bench Admin', 'priority', :priority, 'high');
INSERT INTO messages (ticket_id, type, author_user_id, body)
VALUES (:id, 'system', NULL, 'Status changed from Open to In progress by Bench Admin.'),
       (:id, 'system', NULL, 'Priority changed from Medium to High by Bench Admin.');
INSERT INTO event_queue (kind, ticket_id, requester, internal, payload) VALUES
  ('ticket.updated', :id, 'contact:' || :requester_contact_id, false,
   ('{"id": ' || :id || ', "ref": "' || :ref || '", "subject": "Printer on floor 3 reports a paper jam", '
    '"description": "Hello, since this morning the printer on the third floor (next to the kitchen) shows a paper jam although there is no paper stuck in it. I opened tray 2 and the rear door, switched it off and on again, and the message comes back after a minute. Several people need to print contracts today, so this is getting urgent for us. Could someone from IT have a look, or tell us which other printer we may use? Thanks, Bob", '
    '"status": "in_progress", "priority": "high", "category": "general", "channel": "email", '
    '"requester": {"type": "contact", "id": ' || :requester_contact_id || ', "name": "' || :requester_name || '", "email": "' || :requester_email || '"}, '
    '"assignee": null, "tags": ["bench"], "dueAt": null, "createdAt": "' || :created_at || '", "updatedAt": "' || now() || '", '
    '"version": ' || (:version + 1) || ', "mergedInto": null, "followUpOf": null, '
    '"sla": {"state": "ok", "firstResponseDueAt": "' || :sla_first_due_at || '", "resolutionDueAt": "' || :sla_resolution_due_at || '", '
    '"firstRespondedAt": null, "pausedSeconds": 0}}')::jsonb),
  ('message.created', :id, 'contact:' || :requester_contact_id, false,
   ('{"ticketRef": "' || :ref || '", "message": {"id": 0, "ticketId": ' || :id || ', "type": "system", '
    '"author": {"type": "user", "id": 1, "name": "Bench Admin"}, "body": "Status changed from Open to In progress by Bench Admin.", '
    '"attachments": [], "createdAt": "' || now() || '", "mergedFrom": null}}')::jsonb),
  ('message.created', :id, 'contact:' || :requester_contact_id, false,
   ('{"ticketRef": "' || :ref || '", "message": {"id": 0, "ticketId": ' || :id || ', "type": "system", '
    '"author": {"type": "user", "id": 1, "name": "Bench Admin"}, "body": "Priority changed from Medium to High by Bench Admin.", '
    '"attachments": [], "createdAt": "' || now() || '", "mergedFrom": null}}')::jsonb);
COMMIT;
