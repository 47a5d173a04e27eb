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

-- subject: is a word of the subject by the same rules, from an index of the subject's words
-- with the tokens agents combine it with (a word and a status intersect inside one scan). It
-- replaces the two trigram indexes of subjects: a trigram of a common word is in a third of
-- the desk, so `status:open subject:printer` spent 30 ms intersecting trigram lists and then
-- read the candidates again; and every ticket update wrote its subject's trigrams twice.
CREATE INDEX tickets_subject_words_idx ON tickets USING gin (status, priority, assignee_id, search_words(subject));
DROP INDEX IF EXISTS tickets_subject_trgm_idx;
DROP INDEX IF EXISTS tickets_status_subject_trgm_idx;
