-- PostgreSQL alone, the equivalent of one POST /api/tickets: one transaction with the
-- ticket row, then its 'ticket.created' event queued as the service queues it (EventLog),
-- commit; at commit the service's own trigger takes the event-order lock, gives the event
-- its id, moves it to events and NOTIFYs (V8__events_at_commit.sql).
-- :contact is the requester contact id (pgbench -D contact=N). Run by
-- bench/create-tickets.sh on a copy of the service's migrated database. Keep the INSERT
-- in step with TicketRepository.INSERT and Ticket.COLUMNS when the schema changes.
-- The event payload is a ticket-sized JSON text (the ticket as GET returns it) that
-- PostgreSQL parses into jsonb, as it does with the service's parameter.
BEGIN;
-- as TicketRepository.INSERT: the row with its SLA marks (medium: first response 8 h,
-- resolution 72 h, approaching at 75 %), then the row with the requester's and assignee's names
WITH t AS (
  INSERT INTO tickets (subject, description, priority, category, channel, requester_contact_id, requester_user_id,
                       assignee_id, tags, due_at, follow_up_of_id, created_at, updated_at, sla_first_due_at,
                       sla_resolution_due_at, sla_warn_at, sla_breach_at)
  VALUES ('Printer on floor 3 reports a paper jam #' || :client_id,
          'Hello, since this morning the printer on the third floor (next to the kitchen) shows a paper jam although there is no paper stuck in it. I opened tray 2 and the rear door, switched it off and on again, and the message comes back after a minute. Several people need to print contracts today, so this is getting urgent for us. Could someone from IT have a look, or tell us which other printer we may use? Thanks, Bob',
          'medium', 'general', 'email', :contact, NULL, NULL, ARRAY['bench'], NULL, NULL, now(), now(),
          now() + interval '8 hours', now() + interval '72 hours', now() + interval '6 hours', now() + interval '8 hours')
  RETURNING *)
SELECT t.id, t.ref, t.subject, t.description, t.status, t.priority, t.category, t.channel,
       t.requester_contact_id, t.requester_user_id, coalesce(rc.name, ru.name) AS requester_name,
       coalesce(rc.email, ru.email) AS requester_email, t.assignee_id, a.name AS assignee_name, t.tags, t.due_at,
       t.created_at, t.updated_at, t.version, t.merged_into_id, t.follow_up_of_id, t.first_responded_at,
       t.paused_seconds, t.paused_since, t.resolved_at, t.sla_first_due_at, t.sla_resolution_due_at,
       t.sla_warn_at, t.sla_breach_at
FROM t LEFT JOIN contacts rc ON rc.id = t.requester_contact_id
       LEFT JOIN users ru ON ru.id = t.requester_user_id
       LEFT JOIN users a ON a.id = t.assignee_id \gset
INSERT INTO event_queue (kind, ticket_id, requester, internal, payload) VALUES ('ticket.created', :id, 'contact:' || :contact, false,
  ('{"id": ' || :id || ', "ref": "' || :ref || '", "subject": "Printer on floor 3 reports a paper jam #' || :client_id || '", '
   '"description": "Hello, since this morning the printer on the third floor (next to the kitchen) shows a paper jam although there is no paper stuck in it. I opened tray 2 and the rear door, switched it off and on again, and the message comes back after a minute. Several people need to print contracts today, so this is getting urgent for us. Could someone from IT have a look, or tell us which other printer we may use? Thanks, Bob", '
   '"status": "open", "priority": "medium", "category": "general", "channel": "email", '
   '"requester": {"type": "contact", "id": ' || :contact || ', "name": "' || :requester_name || '", "email": "' || :requester_email || '"}, '
   '"assignee": null, "tags": ["bench"], "dueAt": null, "createdAt": "' || :created_at || '", "updatedAt": "' || :updated_at || '", '
   '"version": 1, "mergedInto": null, "followUpOf": null, '
   '"sla": {"state": "ok", "firstResponseDueAt": "' || :sla_first_due_at || '", "resolutionDueAt": "' || :sla_resolution_due_at || '", '
   '"firstRespondedAt": null, "pausedSeconds": 0}}')::jsonb);
COMMIT;
