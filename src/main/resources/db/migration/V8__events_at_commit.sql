-- Event ids are now taken at commit. A change queues its events in event_queue; a deferred
-- constraint trigger, which runs inside COMMIT, takes the event-order lock, gives the
-- queued events their ids in the order they were queued, moves them to events and
-- NOTIFYs once. The lock is thus held only for that and the commit's WAL flush, never
-- across a round trip to the service, and ids still become visible in id order.
CREATE TABLE event_queue (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx        bigint      NOT NULL DEFAULT txid_current(),
    kind      text        NOT NULL,
    ticket_id bigint,
    requester text,
    internal  boolean     NOT NULL DEFAULT false,
    payload   jsonb       NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_queue_tx_idx ON event_queue (tx, seq);

CREATE FUNCTION publish_queued_events() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    queued  record;
    last_id bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7263541);
    FOR queued IN SELECT * FROM event_queue WHERE tx = txid_current() ORDER BY seq LOOP
        INSERT INTO events (id, kind, ticket_id, requester, internal, payload, created_at)
        VALUES (nextval('events_id_seq'), queued.kind, queued.ticket_id, queued.requester, queued.internal,
                queued.payload, queued.queued_at)
        RETURNING id INTO last_id;
    END LOOP;
    IF last_id IS NOT NULL THEN
        DELETE FROM event_queue WHERE tx = txid_current();
        PERFORM pg_notify('helpdesk_events', last_id::text);
    END IF;
    RETURN NULL;
END
$$;

-- Fires once per queued row at commit; the first call publishes them all, the others find nothing.
CREATE CONSTRAINT TRIGGER event_queue_publish
    AFTER INSERT ON event_queue DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION publish_queued_events();

DROP FUNCTION append_event(text, bigint, text, boolean, jsonb);
