-- Saved-view and preset counts move by delta (view.ViewCounts): a ticket event carries, in an
-- internal column never sent to clients, the ticket's filterable fields before and after the
-- change ({"b": row or null when new, "a": row}). Every instance reads it with the event and
-- applies count += matches(after) - matches(before) without a count query. Null: unknown
-- (the counts it could touch are recounted, coalesced).
ALTER TABLE event_queue ADD COLUMN counted jsonb;
ALTER TABLE events ADD COLUMN counted jsonb;

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
             INSERT INTO events (id, kind, ticket_id, requester, internal, payload, created_at, counted)
             SELECT nextval('events_id_seq'), q.kind, q.ticket_id, q.requester, q.internal, q.payload, q.queued_at,
                    q.counted
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
