-- Agent productivity (issue 13): notifications and their preferences, macros, saved views,
-- and the indexes that let free words search the whole conversation.

CREATE TABLE notifications (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient_id bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('assigned', 'requester_replied', 'mentioned',
                                                      'sla_approaching', 'sla_breached')),
    ticket_id    bigint      NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    actor_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz
);
-- The panel pages a recipient's notifications newest first; the bell counts the unread.
CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (recipient_id, id) WHERE read_at IS NULL;
CREATE INDEX notifications_ticket_idx ON notifications (ticket_id);

-- Only what a person changed is stored; a missing kind takes the default (NotificationKind).
CREATE TABLE notification_preferences (
    user_id bigint PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    mail    jsonb NOT NULL DEFAULT '{}',
    in_app  jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE macros (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shared     boolean     NOT NULL DEFAULT false,
    title      text        NOT NULL,
    message    jsonb,
    actions    jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX macros_owner_idx ON macros (owner_id);

CREATE TABLE saved_views (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       text        NOT NULL,
    query      text        NOT NULL DEFAULT '',
    sort       text        NOT NULL DEFAULT '-created',
    shared     boolean     NOT NULL DEFAULT false,
    position   integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_views_owner_idx ON saved_views (owner_id);

-- Search everything: free words match inside words (ILIKE '%word%') in the description,
-- the conversation (replies and notes, never system lines) and the requester's name and
-- email; trigram indexes serve each.
CREATE INDEX tickets_description_trgm_idx ON tickets USING gin (description gin_trgm_ops);
CREATE INDEX messages_body_trgm_idx ON messages USING gin (body gin_trgm_ops) WHERE type <> 'system';
CREATE INDEX contacts_name_email_trgm_idx ON contacts USING gin (name gin_trgm_ops, email gin_trgm_ops);
CREATE INDEX users_name_email_trgm_idx ON users USING gin (name gin_trgm_ops, email gin_trgm_ops);
-- A word with a status token: one GIN scan intersects the status and the subject's trigrams
-- (btree_gin), instead of the planner ANDing two bitmaps of very different sizes.
CREATE INDEX tickets_status_subject_trgm_idx ON tickets USING gin (status, subject gin_trgm_ops);
