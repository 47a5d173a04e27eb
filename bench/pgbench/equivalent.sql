-- PostgreSQL alone, the equivalent of one POST /api/tickets: one transaction with the
-- ticket row, its 'ticket.created' event through the service's own append_event()
-- (advisory lock that keeps event ids in commit order, insert, pg_notify), commit.
-- Run by bench/create-tickets.sh on a copy of the service's migrated database;
-- :contact is the requester contact id (pgbench -D contact=N).
-- The payload is a ticket-sized JSON text (the ticket as GET returns it) that
-- PostgreSQL parses into jsonb, as it does for the service's parameter.
BEGIN;
INSERT INTO tickets (subject, description, priority, category, channel, requester_contact_id, tags)
VALUES ('Printer on floor 3 reports a paper jam #' || :client_id,
        'Hello, since this morning the printer on the third floor (next to the kitchen) shows a paper jam although there is no paper stuck in it. I opened tray 2 and the rear door, switched it off and on again, and the message comes back after a minute. Several people need to print contracts today, so this is getting urgent for us. Could someone from IT have a look, or tell us which other printer we may use? Thanks, Bob',
        'medium', 'general', 'email', :contact, ARRAY['bench'])
RETURNING id, ref, created_at \gset
SELECT append_event('ticket.created', :id, 'contact:' || :contact, false,
  ('{"id": ' || :id || ',"ref": "' || :ref || '","subject": "Printer on floor 3 reports a paper jam #' || :client_id || '",'
   '"description": "Hello, since this morning the printer on the third floor (next to the kitchen) shows a paper jam although there is no paper stuck in it. I opened tray 2 and the rear door, switched it off and on again, and the message comes back after a minute. Several people need to print contracts today, so this is getting urgent for us. Could someone from IT have a look, or tell us which other printer we may use? Thanks, Bob",'
   '"status": "open","priority": "medium","category": "general","channel": "email",'
   '"requester": {"type": "contact","id": ' || :contact || ',"name": "Bob Bench","email": "bob.bench@example.com"},'
   '"assignee": null,"tags": ["bench"],"dueAt": null,"createdAt": "' || :created_at || '","updatedAt": "' || :created_at || '",'
   '"version": 1,"mergedInto": null,"followUpOf": null,'
   '"sla": {"state": "ok","firstResponseDueAt": "' || :created_at || '","resolutionDueAt": "' || :created_at || '","firstRespondedAt": null,"pausedSeconds": 0}}')::jsonb);
COMMIT;
