-- Satisfaction: one rating per ticket, given by its requester from the resolved mail's
-- single-use links or in the portal.
CREATE TABLE satisfaction_ratings (
    ticket_id   bigint      PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
    rating      text        NOT NULL CHECK (rating IN ('good', 'bad')),
    comment     text,
    rated_at    timestamptz NOT NULL DEFAULT now(),
    -- who rated ('contact:3', 'user:5'): always the ticket's requester
    rated_by    text        NOT NULL
);
CREATE INDEX satisfaction_ratings_rated_at_idx ON satisfaction_ratings (rated_at);

-- The links of "How did we do?" mails: a random token (only its SHA-256 is kept), one
-- ticket, 14 days, used once.
CREATE TABLE satisfaction_links (
    token_hash text        PRIMARY KEY,
    ticket_id  bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    requester  text        NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX satisfaction_links_ticket_idx ON satisfaction_links (ticket_id);
