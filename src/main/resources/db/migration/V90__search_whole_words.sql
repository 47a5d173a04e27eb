-- A free word matches a whole word; a word ending in * matches the words it begins ("print*"
-- finds "printer"), as in Zendesk and Gmail. GIN answers a whole word by skipping through its
-- posting list (10 ms for "printer slow" at a million tickets), but a beginning by gathering
-- every ticket of every word it begins into a bitmap first (170 ms for "print* slow*"), so
-- the beginning is asked for only where the searcher says so. A * after a single letter is
-- ignored: every word beginning with a letter is most of the desk, and no one means that.
CREATE OR REPLACE FUNCTION search_query(words text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT string_agg('''' || replace(replace(w.lexeme, '\', '\\'), '''', '''''') || ''''
                     || CASE WHEN p.part LIKE '%*' AND length(w.lexeme) > 1 THEN ':*' ELSE '' END, ' & ')::tsquery
   FROM regexp_split_to_table(words, '\s+') AS p(part), unnest(search_words(p.part)) AS w $$;

-- The words' indexes hold the tokens agents combine words with as expressions that no other
-- index has: lower(status), lower(priority) and coalesce(assignee_id, 0) (0: nobody). A search
-- with a word writes its tokens so (dev.helpdesk.search.SqlFilter), and the planner can only
-- intersect them with the words inside this one scan. On the plain columns it chose to AND a
-- words-only scan with the status and priority indexes (three bitmaps of 80,000-155,000 rows,
-- 0.3 s for `status:resolved priority:medium headset firmware`), costing the word and the token
-- apart where GIN skips through both lists at once.
DROP INDEX tickets_search_words_idx;
CREATE INDEX tickets_search_words_idx ON tickets
    USING gin (lower(status), lower(priority), coalesce(assignee_id, 0), search_words);

-- subject: is a word of the subject by the same rules, from an index of the subject's words
-- with the same tokens. It replaces the two trigram indexes of subjects: a trigram of a common
-- word is in a third of the desk, so `status:open subject:printer` spent 30 ms intersecting
-- trigram lists before reading the candidates again; and every ticket update wrote its
-- subject's trigrams twice.
CREATE INDEX tickets_subject_words_idx ON tickets
    USING gin (lower(status), lower(priority), coalesce(assignee_id, 0), search_words(subject));
DROP INDEX IF EXISTS tickets_subject_trgm_idx;
DROP INDEX IF EXISTS tickets_status_subject_trgm_idx;

-- The planner's statistics of the new expressions (how many tickets per status in lower(status)
-- and so on) come from ANALYZE; autovacuum would not run it until a tenth of the desk changed.
ANALYZE tickets;
