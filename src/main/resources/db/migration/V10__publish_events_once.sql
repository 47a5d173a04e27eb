-- The write path queues many events per transaction (group commit writes several changes
-- in one). The deferred trigger of V8 fires once per queued row; the first call publishes
-- them all, and each later call used to look for queued rows again and take the lock
-- again. Now the first call notes in a transaction-local setting that it published, and
-- the later calls return at once; and the rows move in one statement, not one by one
-- (ids taken from the sequence in queue order, as rows leave the ordered subquery).
-- Same ids, same order, same single NOTIFY.
CREATE OR REPLACE FUNCTION publish_queued_events() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    last_id bigint;
BEGIN
    IF current_setting('helpdesk.events_published', true) = txid_current()::text THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(7263541);
    WITH moved AS (DELETE FROM event_queue WHERE tx = txid_current() RETURNING *),
         published AS (
             INSERT INTO events (id, kind, ticket_id, requester, internal, payload, created_at)
             SELECT nextval('events_id_seq'), q.kind, q.ticket_id, q.requester, q.internal, q.payload, q.queued_at
             FROM (SELECT * FROM moved ORDER BY seq) q
             RETURNING id)
    SELECT max(id) INTO last_id FROM published;
    IF last_id IS NOT NULL THEN
        PERFORM pg_notify('helpdesk_events', last_id::text);
    END IF;
    PERFORM set_config('helpdesk.events_published', txid_current()::text, true);
    RETURN NULL;
END
$$;
