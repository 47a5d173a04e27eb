-- Failed sign-in attempts, shared by every instance, to slow down password guessing.
CREATE TABLE login_failures (
    key       text        NOT NULL,  -- 'email:<address>' or 'ip:<address>'
    failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, failed_at);
