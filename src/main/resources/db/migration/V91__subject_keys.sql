-- subject: with status:, priority: or agent: in one posting list. V90's index held the subject's
-- words beside lower(status), lower(priority) and the assignee as keys of their own, and GIN
-- intersects two keys by jumping through the longer list once per ticket of the shorter: 15-20 ms
-- of its 25-30 for `priority:high,urgent subject:calendar` (10,000 matches) went to walking the
-- 250,000 tickets of those priorities. Here each subject word is also a key with the ticket's
-- status, priority and assignee in front ('s/open/printer', 'p/high/printer', 'a/12/printer',
-- 0 for nobody), so that search reads the posting lists of its matches only (2 ms). Words never
-- hold '/' (search_words cuts at it). A token the keys hold is no condition of its own beside
-- them (dev.helpdesk.search.SqlFilter): it tempted the planner to AND in a bitmap of every
-- ticket with that priority.

-- The keys of a subject: each word alone and after each of the three tokens. A word too long
-- for a key (over 1,000 bytes; subjects take 200 characters) is left out, never an error.
-- Its search_path is the migration's: pg_restore builds the index with an empty one, where
-- search_words would not be found (PgDumpRestoreTest).
CREATE FUNCTION subject_keys(status text, priority text, assignee bigint, subject text) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS
$$
DECLARE
    keys text[] := '{}';
    word text;
BEGIN
    FOREACH word IN ARRAY tsvector_to_array(search_words(subject)) LOOP
        IF octet_length(word) <= 1000 THEN
            keys := keys || word || ('s/' || lower(status) || '/' || word) || ('p/' || lower(priority) || '/' || word)
                    || ('a/' || coalesce(assignee, 0) || '/' || word);
        END IF;
    END LOOP;
    RETURN array_to_tsvector(keys);
END
$$;

-- One lexeme of a query, quoted as tsquery input wants, a beginning (:*) where asked.
CREATE FUNCTION subject_key_query(key text, beginning boolean) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT '''' || replace(replace(key, '\', '\\'), '''', '''''') || '''' || CASE WHEN beginning THEN ':*' ELSE '' END $$;

-- The words of subject: as a query over those keys: every word (search_query's rules: whole
-- words, `word*` its beginnings past one letter), after one of the statuses, one of the
-- priorities and one of the agents given (NULL: any; none at all: nothing matches, as the
-- lexeme '/' is no key). NULL when the text holds no word.
CREATE FUNCTION subject_query(words text, statuses text[], priorities text[], agents bigint[]) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN cardinality(statuses) = 0 OR cardinality(priorities) = 0 OR cardinality(agents) = 0
               THEN '''/'''::tsquery ELSE (SELECT string_agg(CASE WHEN statuses IS NULL AND priorities IS NULL AND agents IS NULL
                          THEN subject_key_query(w.word, w.beginning)
                          ELSE concat_ws(' & ',
                              (SELECT '(' || string_agg(subject_key_query('s/' || s || '/' || w.word, w.beginning), ' | ')
                                      || ')' FROM unnest(statuses) s),
                              (SELECT '(' || string_agg(subject_key_query('p/' || p || '/' || w.word, w.beginning), ' | ')
                                      || ')' FROM unnest(priorities) p),
                              (SELECT '(' || string_agg(subject_key_query('a/' || a || '/' || w.word, w.beginning), ' | ')
                                      || ')' FROM unnest(agents) a)) END, ' & ')::tsquery
   FROM (SELECT x.lexeme AS word, p.part LIKE '%*' AND length(x.lexeme) > 1 AS beginning
         FROM regexp_split_to_table(words, '\s+') AS p(part), unnest(search_words(p.part)) AS x) w) END $$;

CREATE INDEX tickets_subject_keys_idx ON tickets USING gin (subject_keys(status, priority, assignee_id, subject));
DROP INDEX tickets_subject_words_idx;

-- A page of a broad list is read along the sort's index and judges each row by the subject's
-- words alone (cutting a subject into keys costs three times as much); the planner needs to know
-- how often each word is found to choose that walk, now that no index holds these words.
CREATE STATISTICS tickets_subject_words_stats ON (search_words(subject)) FROM tickets;

-- The planner's statistics of the new expressions (how often each key or word is found).
ANALYZE tickets;
