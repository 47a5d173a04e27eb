-- The sort-key functions call epoch_micros by its schema-qualified name, so that they also
-- work where the search path is empty (pg_dump / pg_restore of the indexes built on them).
-- Same results as before, so the indexes stay valid.
CREATE OR REPLACE FUNCTION due_key(due_at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT coalesce(public.epoch_micros(due_at), 9223372036854775807) $$;

CREATE OR REPLACE FUNCTION sla_key(status text, sla_breach_at timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN status IN ('open', 'in_progress') THEN public.epoch_micros(sla_breach_at)
               ELSE 9223372036854775807 END $$;
