-- Search everything at a million tickets: each ticket keeps the words of its subject,
-- description, requester and conversation (replies and internal notes, never system lines) in one
-- tsvector, `search_words`, served by one GIN index. A free word matches when every word of
-- it begins a word of the ticket ("print" finds "printer"); one posting list per word instead
-- of trigram lists over five million messages, and a status or priority ANDs with it on the
-- same table. The write path appends a new message's words to its ticket in the UPDATE it
-- makes anyway (dev.helpdesk.writes.RowWriter), so a reply costs no extra row version.
-- A requester never matches on a note: their search rechecks their own few tickets without
-- notes (dev.helpdesk.search.SqlFilter).

-- One way of cutting text into words, for tickets, people and queries alike: ASCII
-- punctuation that joins words (mail addresses, host names, refs, paths) splits them, so
-- "acme" finds lea@acme.test and "tkt-12" finds TKT-12; angle brackets go too, or the
-- parser would take "<lea@acme.test>" for a markup tag and drop it. Long texts are cut at 200,000
-- characters (a pasted log must not make a write slow).
CREATE FUNCTION search_words(body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT strip(to_tsvector('simple', translate(left(coalesce(body, ''), 200000), '@._-/:+#&=~|\<>',
                                                 '                '))) $$;

-- Adds words to a ticket's, up to 50,000 distinct words (a tsvector holds at most 1 MB;
-- a thread past that keeps what it has).
CREATE FUNCTION search_words_add(words tsvector, more tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN more IS NULL OR length(coalesce(words, '')) > 50000 THEN coalesce(words, ''::tsvector)
               ELSE coalesce(words, ''::tsvector) || more END $$;

CREATE AGGREGATE search_words_agg(tsvector) (SFUNC = search_words_add, STYPE = tsvector, INITCOND = '');

-- The requester's name and address as words: they are part of each of their tickets' words,
-- so a name is one index condition like any word, and ANDs with a status inside the index.
CREATE FUNCTION requester_words(contact bigint, person bigint) RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT coalesce((SELECT search_words(c.name || ' ' || c.email) FROM contacts c WHERE c.id = contact),
                   (SELECT search_words(u.name || ' ' || u.email) FROM users u WHERE u.id = person),
                   ''::tsvector) $$;

-- A ticket's own words: subject, description and requester.
CREATE FUNCTION ticket_own_words(subject text, description text, contact bigint, person bigint) RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT search_words(subject || ' ' || description) || requester_words(contact, person) $$;

-- A ticket's words from scratch: its own and those of every reply and note on it.
CREATE FUNCTION ticket_search_words(ticket bigint, subject text, description text, contact bigint, person bigint)
    RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT search_words_add(ticket_own_words(subject, description, contact, person),
                           (SELECT search_words_agg(search_words(m.body)) FROM messages m
                            WHERE m.ticket_id = ticket AND m.type <> 'system')) $$;

-- The same without internal notes: what a requester may find their own ticket by.
CREATE FUNCTION ticket_public_words(ticket bigint, subject text, description text, contact bigint, person bigint)
    RETURNS tsvector
    LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT search_words_add(ticket_own_words(subject, description, contact, person),
                           (SELECT search_words_agg(search_words(m.body)) FROM messages m
                            WHERE m.ticket_id = ticket AND m.type = 'reply')) $$;

-- The words of a search as a query: each must begin a word ('print':* & 'job':*); NULL
-- when the text holds no word at all. Lexemes hold no quote or backslash once cut, but they
-- are doubled anyway, as tsquery input wants.
CREATE FUNCTION search_query(words text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT string_agg('''' || replace(replace(w.lexeme, '\', '\\'), '''', '''''') || ''':*', ' & ')::tsquery
   FROM unnest(search_words(words)) AS w $$;

ALTER TABLE tickets ADD COLUMN search_words tsvector;

-- Inserts that do not bring their words (every door through the writer, seeds, restores of
-- tickets kept before this version) get them from the ticket's text.
CREATE FUNCTION tickets_search_words_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.search_words IS NULL THEN
        NEW.search_words := ticket_own_words(NEW.subject, NEW.description, NEW.requester_contact_id,
                                             NEW.requester_user_id);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER tickets_search_words_insert BEFORE INSERT ON tickets
    FOR EACH ROW EXECUTE FUNCTION tickets_search_words_insert();

-- An edited subject or description, or another requester, takes words away: the ticket's words
-- are made again (the writer inserts a change's messages before it updates the ticket, so they count).
CREATE FUNCTION tickets_search_words_edit() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.search_words := ticket_search_words(NEW.id, NEW.subject, NEW.description, NEW.requester_contact_id,
                                            NEW.requester_user_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER tickets_search_words_edit
    BEFORE UPDATE OF subject, description, requester_contact_id, requester_user_id ON tickets
    FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description
                       OR OLD.requester_contact_id IS DISTINCT FROM NEW.requester_contact_id
                       OR OLD.requester_user_id IS DISTINCT FROM NEW.requester_user_id)
    EXECUTE FUNCTION tickets_search_words_edit();

-- A renamed person (or a new address) renames the words of their tickets (rare: an admin's edit).
CREATE FUNCTION people_search_words_edit() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'contacts' THEN
        UPDATE tickets t SET search_words = ticket_search_words(t.id, t.subject, t.description,
                                                                t.requester_contact_id, t.requester_user_id)
        WHERE t.requester_contact_id = NEW.id;
    ELSE
        UPDATE tickets t SET search_words = ticket_search_words(t.id, t.subject, t.description,
                                                                t.requester_contact_id, t.requester_user_id)
        WHERE t.requester_user_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER contacts_search_words_edit AFTER UPDATE OF name, email ON contacts
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION people_search_words_edit();
CREATE TRIGGER users_search_words_edit AFTER UPDATE OF name, email ON users
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)
    EXECUTE FUNCTION people_search_words_edit();

-- The words of tickets that exist (about 2-4 minutes at a million tickets and five million
-- messages on 2 cores): messages grouped once, then one pass over the tickets.
CREATE TEMP TABLE message_words AS
    SELECT ticket_id, search_words_agg(search_words(body)) AS words
    FROM messages WHERE type <> 'system' GROUP BY ticket_id;
CREATE UNIQUE INDEX ON message_words (ticket_id);
UPDATE tickets t SET search_words = search_words_add(ticket_own_words(t.subject, t.description,
                                                                       t.requester_contact_id, t.requester_user_id),
                                                      m.words)
FROM message_words m WHERE m.ticket_id = t.id;
UPDATE tickets SET search_words = ticket_own_words(subject, description, requester_contact_id, requester_user_id)
WHERE search_words IS NULL;
DROP TABLE message_words;
ALTER TABLE tickets ALTER COLUMN search_words SET NOT NULL;

-- Words and the tokens agents combine them with most, in one GIN index (btree_gin for the
-- plain columns): `status:open printer` intersects two posting lists inside one index scan,
-- where two bitmaps of 50,000 and 130,000 rows used to be built and ANDed.
CREATE INDEX tickets_search_words_idx ON tickets USING gin (status, priority, assignee_id, search_words);

-- The trigram indexes these words replace: every ticket update and every message paid for
-- them (a description's trigrams were written again on each status change).
DROP INDEX tickets_description_trgm_idx;
DROP INDEX messages_body_trgm_idx;

-- A restored ticket's words are made again once its messages are back.
CREATE OR REPLACE FUNCTION trash_restore(p_ticket bigint)
    RETURNS boolean
    LANGUAGE plpgsql AS
$$
DECLARE
    r    record;
    cols text;
BEGIN
    PERFORM 1 FROM trash WHERE ticket_id = p_ticket FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    FOR r IN SELECT table_name, data FROM trash_rows WHERE ticket_id = p_ticket ORDER BY seq LOOP
        SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
        FROM pg_attribute
        WHERE attrelid = r.table_name::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
          AND r.data ? attname;
        EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_record(NULL::%s, $1)',
                       r.table_name, cols, cols, r.table_name)
            USING r.data;
    END LOOP;
    UPDATE tickets SET search_words = ticket_search_words(id, subject, description, requester_contact_id,
                                                          requester_user_id) WHERE id = p_ticket;
    DELETE FROM trash WHERE ticket_id = p_ticket;
    RETURN true;
END
$$;
