-- Accounts: who may sign in, with which tokens, and which workspaces each may open.
--
-- These tables belong to the whole database, not to one workspace: they decide who
-- opens which workspace, so they have no `workspace` column of their own (memberships
-- name one) and no row-level security. Only the accounts side of kith reads and writes
-- them; a store opened on one workspace never names them.
--
-- Times are seconds since the epoch, as everywhere in kith's schema. "user" is a
-- reserved word (a bare `user` is `current_user`), so it is always quoted.

-- A person who signs in. `password_hash` is the Argon2id hash as a PHC string
-- (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`): the parameters and salt travel with it, and
-- the password itself is never stored.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT COLLATE "C" NOT NULL UNIQUE,
    password_hash TEXT COLLATE "C" NOT NULL,
    created_at    BIGINT NOT NULL
);

-- A personal API token, for scripts. The secret is shown to its user once, when the
-- token is made; only its SHA-256 is kept, so a copy of the database lets nobody act as
-- the user. A token whose `revoked_at` is set no longer signs anyone in; its row stays,
-- so that its user still sees when it was made, last used and revoked.
CREATE TABLE tokens (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "user"        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label         TEXT COLLATE "C" NOT NULL,
    secret_sha256 BYTEA NOT NULL UNIQUE CHECK (length(secret_sha256) = 32),
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX tokens_user ON tokens ("user");

-- Who may open which workspace, and what they may do there: an owner reads, writes and
-- shares it; an editor reads and writes; a viewer only reads. A membership goes with its
-- workspace or its user.
CREATE TABLE memberships (
    workspace BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    "user"    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role      TEXT COLLATE "C" NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    PRIMARY KEY (workspace, "user")
);
CREATE INDEX memberships_user ON memberships ("user");
