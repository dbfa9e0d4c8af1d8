-- kith's schema on PostgreSQL 15: where SQLite's thirteen migrations (../sqlite/0001 to
-- 0013) leave a kith database, as one file. Migrations are add-only here too: a later
-- change is a new file.
--
-- Workspaces. One database holds many workspaces (one kith database each), and the
-- database keeps them apart. Every transaction of the store starts with
--     SET LOCAL kith.workspace = '<id>'
-- and then runs kith's SQL text as on SQLite, with two rewrites: `?N` becomes `$N`, and
-- `ON CONFLICT (cols)` becomes `ON CONFLICT (workspace, cols)`. No query names the
-- workspace, so:
--   * every table but `workspaces` starts with a `workspace` column that defaults to the
--     transaction's workspace;
--   * every primary key and unique constraint or index starts with `workspace` (so each
--     `ON CONFLICT (workspace, cols)` finds its constraint, and Citus can distribute every
--     table by `workspace`), and so does every other index;
--   * every foreign key is composite, `(workspace, col)`, so that a row can only point at
--     a row of its own workspace; and deferrable (checked at once unless a transaction
--     defers them: a mail import writes its new people after their identities and has
--     its references checked at commit, where SQLite turns the checks off);
--   * row-level security, forced so that the tables' owner is held to it too, shows and
--     accepts only the transaction's rows. A transaction that set no workspace fails
--     ("unrecognized configuration parameter", or an empty setting that is not a number)
--     rather than seeing everyone's rows. Superusers and BYPASSRLS roles skip row-level
--     security: kith must not connect as one.
-- A workspace is made with `kith_create_workspace(name, created_at)`, which also writes
-- the rows SQLite's migrations insert once (the first `revision`). To remove one, set
-- kith.workspace to it and delete its row of `workspaces`: everything else cascades.
--
-- Types: SQLite's INTEGER is BIGINT (the 0/1 flags too: kith's SQL compares them with 0
-- and 1 and binds integers; each flag is checked to be 0 or 1, `sent` and `both` too,
-- which SQLite left unchecked), REAL is DOUBLE PRECISION, BLOB is BYTEA. TEXT is TEXT
-- COLLATE "C": SQLite compares text byte by byte, and kith relies on it (it merges rows
-- sorted by `ORDER BY` with Rust's own byte order, and sorts ids and pairs in Rust), so
-- text sorts here as there whatever the database's locale.
--
-- SQLite's implicit `rowid`, which kith orders `identities` and `merges` by (insertion
-- order), is an explicit identity column of those two tables, last. Reserved words used
-- as column names are quoted: "offset" (mail_checkpoints), "only" (revision) and "both"
-- (merge_moves); kith's SQL must quote them as well.
--
-- SQLite's triggers (0006, 0007 and 0013) are PL/pgSQL trigger functions below, one per
-- table, with the same effect: they delete the packed histories a change makes stale and
-- count the change in `revision` and `person_revisions`. They run in the writer's
-- transaction, under its workspace and row-level security. One difference: SQLite runs a
-- row's triggers as the row changes, PostgreSQL runs them (AFTER ... FOR EACH ROW) at the
-- end of the statement, so a statement that changes many people (or cascades) gives
-- them their counters in another order. The same people are counted under the same
-- final revision, which is all a reader compares.

-- The workspaces themselves: the one table not kept apart by workspace.
CREATE TABLE workspaces (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- SQLite's NOCASE collation, which kith's SQL names (`name = ?1 COLLATE NOCASE`, an
-- unquoted name, so `nocase` here): equal ignoring case. Unlike SQLite's, it folds
-- letters beyond ASCII too.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- 0001 ------------------------------------------------------------------------------

CREATE TABLE owner_identities (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    kind      TEXT COLLATE "C" NOT NULL,
    value     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, kind, value)
);

CREATE TABLE organizations (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace, id)
);

CREATE TABLE org_domains (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    org       TEXT COLLATE "C" NOT NULL,
    domain    TEXT COLLATE "C" NOT NULL,
    UNIQUE (workspace, domain),
    FOREIGN KEY (workspace, org) REFERENCES organizations (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX org_domains_org ON org_domains (workspace, org);

-- `details` comes from 0010.
CREATE TABLE people (
    workspace    BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
                 REFERENCES workspaces (id) ON DELETE CASCADE,
    id           TEXT COLLATE "C" NOT NULL,
    name         TEXT COLLATE "C" NOT NULL,
    org          TEXT COLLATE "C",
    role         TEXT COLLATE "C",
    industry     TEXT COLLATE "C",
    tier         TEXT COLLATE "C",
    cadence_days BIGINT,
    stage        TEXT COLLATE "C" NOT NULL,
    created_at   BIGINT NOT NULL,
    details      TEXT COLLATE "C",
    PRIMARY KEY (workspace, id),
    -- Only `org` is cleared when the organization goes, never `workspace`.
    FOREIGN KEY (workspace, org) REFERENCES organizations (workspace, id) ON DELETE SET NULL (org) DEFERRABLE
);
CREATE INDEX people_org ON people (workspace, org);

CREATE TABLE person_aliases (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    person    TEXT COLLATE "C" NOT NULL,
    alias     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, person, alias),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);

-- As 0011 left it: an identity may be held by several people. `rowid` stands for
-- SQLite's, which kith orders holders by (the first to have it first).
CREATE TABLE identities (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    kind      TEXT COLLATE "C" NOT NULL,
    value     TEXT COLLATE "C" NOT NULL,
    person    TEXT COLLATE "C" NOT NULL,
    rowid     BIGINT GENERATED ALWAYS AS IDENTITY,
    UNIQUE (workspace, kind, value, person),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX identities_person ON identities (workspace, person);

CREATE TABLE person_tags (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    person    TEXT COLLATE "C" NOT NULL,
    tag       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, person, tag),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX person_tags_tag ON person_tags (workspace, tag);

CREATE TABLE notes (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    id        TEXT COLLATE "C" NOT NULL,
    person    TEXT COLLATE "C" NOT NULL,
    at        BIGINT NOT NULL,
    text      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, id),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX notes_person ON notes (workspace, person, at);

-- `went_well` comes from 0008.
CREATE TABLE engagements (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    org        TEXT COLLATE "C" NOT NULL,
    title      TEXT COLLATE "C" NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at   BIGINT,
    status     TEXT COLLATE "C" NOT NULL,
    went_well  BIGINT CHECK (went_well IN (0, 1)),
    PRIMARY KEY (workspace, id),
    FOREIGN KEY (workspace, org) REFERENCES organizations (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX engagements_org ON engagements (workspace, org);

CREATE TABLE engagement_people (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    engagement TEXT COLLATE "C" NOT NULL,
    person     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, engagement, person),
    FOREIGN KEY (workspace, engagement) REFERENCES engagements (workspace, id) ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX engagement_people_person ON engagement_people (workspace, person);

-- As 0004 rebuilt it (with 0003's `message`, a row of mail_messages, not a foreign key);
-- its index on `at` is gone.
CREATE TABLE interactions (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    at         BIGINT NOT NULL,
    channel    TEXT COLLATE "C" NOT NULL,
    direction  TEXT COLLATE "C" NOT NULL,
    subject    TEXT COLLATE "C",
    thread_key TEXT COLLATE "C",
    source_key TEXT COLLATE "C",
    note       TEXT COLLATE "C",
    message    BIGINT,
    PRIMARY KEY (workspace, id)
);
CREATE UNIQUE INDEX interactions_source_key ON interactions (workspace, source_key) WHERE source_key IS NOT NULL;

CREATE TABLE interaction_participants (
    workspace   BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
                REFERENCES workspaces (id) ON DELETE CASCADE,
    interaction TEXT COLLATE "C" NOT NULL,
    person      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, interaction, person),
    FOREIGN KEY (workspace, interaction) REFERENCES interactions (workspace, id) ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX interaction_participants_person ON interaction_participants (workspace, person);

CREATE TABLE exchanges (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    id        TEXT COLLATE "C" NOT NULL,
    person    TEXT COLLATE "C" NOT NULL,
    kind      TEXT COLLATE "C" NOT NULL,
    weight    DOUBLE PRECISION NOT NULL,
    giver     TEXT COLLATE "C" NOT NULL,
    status    TEXT COLLATE "C" NOT NULL,
    asked     BIGINT NOT NULL CHECK (asked IN (0, 1)),
    opened_at BIGINT NOT NULL,
    closed_at BIGINT,
    note      TEXT COLLATE "C",
    PRIMARY KEY (workspace, id),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX exchanges_person ON exchanges (workspace, person, opened_at);

CREATE TABLE transitions (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    person     TEXT COLLATE "C" NOT NULL,
    from_stage TEXT COLLATE "C" NOT NULL,
    to_stage   TEXT COLLATE "C" NOT NULL,
    at         BIGINT NOT NULL,
    reason     TEXT COLLATE "C",
    door       TEXT COLLATE "C",
    note       TEXT COLLATE "C",
    PRIMARY KEY (workspace, id),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX transitions_person ON transitions (workspace, person, at);

-- `every_days` and the index of pending check-ins come from 0008.
CREATE TABLE checkins (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    person     TEXT COLLATE "C" NOT NULL,
    due_at     BIGINT NOT NULL,
    note       TEXT COLLATE "C",
    done_at    BIGINT,
    every_days BIGINT CHECK (every_days > 0),
    PRIMARY KEY (workspace, id),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX checkins_person ON checkins (workspace, person, due_at);
CREATE INDEX checkins_pending ON checkins (workspace, due_at) WHERE done_at IS NULL;

-- 0002 ------------------------------------------------------------------------------

CREATE TABLE import_sources (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    key        TEXT COLLATE "C" NOT NULL,
    file       TEXT COLLATE "C" NOT NULL,
    person     TEXT COLLATE "C" NOT NULL,
    digest     TEXT COLLATE "C" NOT NULL,
    revised_at BIGINT NOT NULL,
    PRIMARY KEY (workspace, key),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX import_sources_person ON import_sources (workspace, person);

-- 0003 ------------------------------------------------------------------------------

-- The code numbers the rows itself (the highest id in the workspace, plus one), so `id`
-- is a plain column. `sent` comes from 0009.
CREATE TABLE mail_messages (
    workspace    BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
                 REFERENCES workspaces (id) ON DELETE CASCADE,
    id           BIGINT NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    key_hash     BIGINT NOT NULL,
    at           BIGINT,
    delivered_at BIGINT,
    sender       TEXT COLLATE "C",
    sender_name  TEXT COLLATE "C",
    recipients   TEXT COLLATE "C" NOT NULL,
    subject      TEXT COLLATE "C",
    parent       TEXT COLLATE "C",
    thread       TEXT COLLATE "C",
    kept_out     TEXT COLLATE "C",
    sent         BIGINT NOT NULL DEFAULT 0 CHECK (sent IN (0, 1)),
    PRIMARY KEY (workspace, id)
);
CREATE INDEX mail_messages_key_hash ON mail_messages (workspace, key_hash);
CREATE INDEX mail_messages_kept_out ON mail_messages (workspace, kept_out, at) WHERE kept_out IS NOT NULL;

-- Every interaction whole, with the message it answers. Joined within the workspace;
-- security_invoker, so that the reader's row-level security applies to the tables.
CREATE VIEW interaction_rows WITH (security_invoker = true) AS
SELECT i.id, i.at, i.channel, i.direction,
       COALESCE(i.subject, m.subject) AS subject,
       COALESCE(i.thread_key, m.thread, m.key) AS thread_key,
       i.source_key, i.note, m.key AS message, m.parent AS replies_to
FROM interactions i LEFT JOIN mail_messages m ON m.workspace = i.workspace AND m.id = i.message;

-- The code never gives `batch` (SQLite numbered it as the rowid): an identity here.
CREATE TABLE mail_copies (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    batch     BIGINT GENERATED BY DEFAULT AS IDENTITY,
    names     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, batch)
);

CREATE TABLE mail_checkpoints (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    file      TEXT COLLATE "C" NOT NULL,
    "offset"  BIGINT NOT NULL,
    digest    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, file)
);

-- 0005 ------------------------------------------------------------------------------

CREATE TABLE person_facts (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    person    TEXT COLLATE "C" NOT NULL,
    fact      TEXT COLLATE "C" NOT NULL,
    at        BIGINT NOT NULL,
    note      TEXT COLLATE "C",
    PRIMARY KEY (workspace, person, fact),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);

CREATE TABLE owner_facts (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    change    TEXT COLLATE "C" NOT NULL,
    since     BIGINT NOT NULL,
    PRIMARY KEY (workspace, change)
);

CREATE TABLE mutes (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    person    TEXT COLLATE "C" NOT NULL,
    diagnosis TEXT COLLATE "C" NOT NULL,
    until     BIGINT NOT NULL,
    PRIMARY KEY (workspace, person, diagnosis),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);

-- 0006, 0007 ------------------------------------------------------------------------

-- 0007 replaced 0006's contact_logs with this table (and its triggers, below).
CREATE TABLE histories (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    person    TEXT COLLATE "C" NOT NULL,
    packed    BYTEA NOT NULL,
    PRIMARY KEY (workspace, person),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE
);

-- 0008 ------------------------------------------------------------------------------

CREATE TABLE drafts (
    workspace      BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
                   REFERENCES workspaces (id) ON DELETE CASCADE,
    id             TEXT COLLATE "C" NOT NULL,
    person         TEXT COLLATE "C" NOT NULL,
    move           TEXT COLLATE "C" NOT NULL,
    tone           TEXT COLLATE "C" NOT NULL,
    manner         TEXT COLLATE "C" NOT NULL,
    subject        TEXT COLLATE "C" NOT NULL,
    body           TEXT COLLATE "C" NOT NULL,
    cited          TEXT COLLATE "C" NOT NULL,
    asks_reference BIGINT NOT NULL CHECK (asks_reference IN (0, 1)),
    engagement     TEXT COLLATE "C",
    created_at     BIGINT NOT NULL,
    sent_at        BIGINT,
    interaction    TEXT COLLATE "C",
    used_by        TEXT COLLATE "C",
    PRIMARY KEY (workspace, id),
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY (workspace, engagement) REFERENCES engagements (workspace, id) ON DELETE SET NULL (engagement) DEFERRABLE,
    FOREIGN KEY (workspace, used_by) REFERENCES transitions (workspace, id) ON DELETE SET NULL (used_by) DEFERRABLE
);
CREATE INDEX drafts_person ON drafts (workspace, person, created_at);
CREATE INDEX drafts_engagement ON drafts (workspace, engagement) WHERE engagement IS NOT NULL;

-- One row per workspace at most (SQLite: one row at most).
CREATE TABLE owner_profile (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    id        BIGINT NOT NULL CHECK (id = 1),
    name      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, id)
);

-- 0009 ------------------------------------------------------------------------------

CREATE TABLE owner_refused_identities (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    kind      TEXT COLLATE "C" NOT NULL,
    value     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, kind, value)
);

-- One row per workspace at most.
CREATE TABLE mail_log_owner (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    id        BIGINT NOT NULL CHECK (id = 1),
    digest    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, id)
);

-- 0010 ------------------------------------------------------------------------------

CREATE TABLE settings (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    key       TEXT COLLATE "C" NOT NULL,
    value     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (workspace, key)
);

-- 0011 ------------------------------------------------------------------------------

-- `rowid` stands for SQLite's: merges made in the same second list in the order made.
CREATE TABLE merges (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    id        TEXT COLLATE "C" NOT NULL,
    at        BIGINT NOT NULL,
    kept      TEXT COLLATE "C" NOT NULL,
    absorbed  TEXT COLLATE "C" NOT NULL,
    record    TEXT COLLATE "C" NOT NULL,
    undone_at BIGINT,
    rowid     BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (workspace, id)
);
CREATE INDEX merges_kept ON merges (workspace, kept);

-- No key, as in SQLite. "both" is a reserved word.
CREATE TABLE merge_moves (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    merge     TEXT COLLATE "C" NOT NULL,
    tbl       TEXT COLLATE "C" NOT NULL,
    row       TEXT COLLATE "C" NOT NULL,
    "both"    BIGINT NOT NULL DEFAULT 0 CHECK ("both" IN (0, 1)),
    FOREIGN KEY (workspace, merge) REFERENCES merges (workspace, id) ON DELETE CASCADE DEFERRABLE
);
CREATE INDEX merge_moves_merge ON merge_moves (workspace, merge);

CREATE TABLE distinct_people (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    a         TEXT COLLATE "C" NOT NULL,
    b         TEXT COLLATE "C" NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (workspace, a, b)
);

-- 0012 ------------------------------------------------------------------------------

CREATE TABLE exchange_suggestions (
    workspace  BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
               REFERENCES workspaces (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    message    BIGINT NOT NULL,
    sentence   BIGINT NOT NULL,
    person     TEXT COLLATE "C" NOT NULL,
    act        TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    giver      TEXT COLLATE "C" NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    evidence   TEXT COLLATE "C",
    note       TEXT COLLATE "C",
    at         BIGINT NOT NULL,
    state      TEXT COLLATE "C" NOT NULL DEFAULT 'open',
    exchange   TEXT COLLATE "C",
    PRIMARY KEY (workspace, id),
    UNIQUE (workspace, message, sentence, person),
    FOREIGN KEY (workspace, message) REFERENCES mail_messages (workspace, id) DEFERRABLE,
    FOREIGN KEY (workspace, person) REFERENCES people (workspace, id) ON DELETE CASCADE DEFERRABLE,
    FOREIGN KEY (workspace, exchange) REFERENCES exchanges (workspace, id) ON DELETE SET NULL (exchange) DEFERRABLE
);
CREATE INDEX exchange_suggestions_person ON exchange_suggestions (workspace, person, state);
CREATE INDEX exchange_suggestions_exchange ON exchange_suggestions (workspace, exchange);

CREATE TABLE mail_texts_read (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    message   BIGINT NOT NULL,
    PRIMARY KEY (workspace, message),
    FOREIGN KEY (workspace, message) REFERENCES mail_messages (workspace, id) DEFERRABLE
);

-- 0013 ------------------------------------------------------------------------------

-- One row per workspace, written by kith_create_workspace (SQLite's migration inserted
-- it once). "only" is a reserved word.
CREATE TABLE revision (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    "only"    BIGINT NOT NULL CHECK ("only" = 0),
    n         BIGINT NOT NULL,
    PRIMARY KEY (workspace, "only")
);

-- No foreign key to people, as in SQLite: a person's last change outlives them.
CREATE TABLE person_revisions (
    workspace BIGINT NOT NULL DEFAULT current_setting('kith.workspace')::bigint
              REFERENCES workspaces (id) ON DELETE CASCADE,
    person    TEXT COLLATE "C" NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (workspace, person)
);
CREATE INDEX person_revisions_by_n ON person_revisions (workspace, n);

-- Triggers ---------------------------------------------------------------------------

-- What each of SQLite's revisions_* triggers does: one new revision, and each of
-- `people` ('' for everyone) changed at it. The revision moves even when `people` is
-- empty, as SQLite's UPDATE did. A workspace whose revision row is gone is being
-- deleted (its rows go by cascade in no set order): nothing is counted then.
CREATE FUNCTION kith_note_change(ws BIGINT, people TEXT[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    now_n BIGINT;
BEGIN
    UPDATE revision SET n = n + 1 WHERE workspace = ws RETURNING n INTO now_n;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO person_revisions (workspace, person, n)
    SELECT DISTINCT ws, p, now_n FROM unnest(people) AS p
    ON CONFLICT (workspace, person) DO UPDATE SET n = excluded.n;
END
$$;

-- people: revisions_person_added, _changed, _gone.
CREATE FUNCTION kith_people_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    CASE TG_OP
        WHEN 'INSERT' THEN PERFORM kith_note_change(NEW.workspace, ARRAY[NEW.id]);
        WHEN 'UPDATE' THEN PERFORM kith_note_change(NEW.workspace, ARRAY[OLD.id, NEW.id]);
        ELSE PERFORM kith_note_change(OLD.workspace, ARRAY[OLD.id]);
    END CASE;
    RETURN NULL;
END
$$;
CREATE TRIGGER people_changed AFTER INSERT OR UPDATE OR DELETE ON people
    FOR EACH ROW EXECUTE FUNCTION kith_people_changed();

-- interaction_participants: histories_participant_moved, _gone and
-- revisions_participant_moved, _gone. Adding participants has no trigger: the writer
-- forgets their histories and notes the change itself.
CREATE FUNCTION kith_participants_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM histories WHERE workspace = OLD.workspace AND person IN (OLD.person, NEW.person);
        PERFORM kith_note_change(OLD.workspace, ARRAY[OLD.person, NEW.person]);
    ELSE
        DELETE FROM histories WHERE workspace = OLD.workspace AND person = OLD.person;
        PERFORM kith_note_change(OLD.workspace, ARRAY[OLD.person]);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER participants_changed AFTER UPDATE OR DELETE ON interaction_participants
    FOR EACH ROW EXECUTE FUNCTION kith_participants_changed();

-- interactions: histories_interaction_changed and revisions_interaction_changed, for
-- everyone who took part in the interaction.
CREATE FUNCTION kith_interaction_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    took_part TEXT[] := ARRAY(
        SELECT DISTINCT person FROM interaction_participants
        WHERE workspace = OLD.workspace AND interaction IN (OLD.id, NEW.id));
BEGIN
    DELETE FROM histories WHERE workspace = OLD.workspace AND person = ANY (took_part);
    PERFORM kith_note_change(OLD.workspace, took_part);
    RETURN NULL;
END
$$;
CREATE TRIGGER interaction_changed AFTER UPDATE ON interactions
    FOR EACH ROW EXECUTE FUNCTION kith_interaction_changed();

-- exchanges (the ledger): histories_entry_added, _changed, _gone and
-- revisions_entry_added, _changed, _gone.
CREATE FUNCTION kith_exchanges_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    theirs TEXT[];
    ws BIGINT;
BEGIN
    CASE TG_OP
        WHEN 'INSERT' THEN theirs := ARRAY[NEW.person]; ws := NEW.workspace;
        WHEN 'UPDATE' THEN theirs := ARRAY[OLD.person, NEW.person]; ws := NEW.workspace;
        ELSE theirs := ARRAY[OLD.person]; ws := OLD.workspace;
    END CASE;
    DELETE FROM histories WHERE workspace = ws AND person = ANY (theirs);
    PERFORM kith_note_change(ws, theirs);
    RETURN NULL;
END
$$;
CREATE TRIGGER exchanges_changed AFTER INSERT OR UPDATE OR DELETE ON exchanges
    FOR EACH ROW EXECUTE FUNCTION kith_exchanges_changed();

-- person_facts (revisions_fact_*), mutes (revisions_mute_*) and engagement_people
-- (revisions_engaged_added, _gone: SQLite has no trigger on its updates, nor has this
-- table here): the person of the row.
CREATE FUNCTION kith_person_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    CASE TG_OP
        WHEN 'INSERT' THEN PERFORM kith_note_change(NEW.workspace, ARRAY[NEW.person]);
        WHEN 'UPDATE' THEN PERFORM kith_note_change(NEW.workspace, ARRAY[OLD.person, NEW.person]);
        ELSE PERFORM kith_note_change(OLD.workspace, ARRAY[OLD.person]);
    END CASE;
    RETURN NULL;
END
$$;
CREATE TRIGGER person_facts_changed AFTER INSERT OR UPDATE OR DELETE ON person_facts
    FOR EACH ROW EXECUTE FUNCTION kith_person_row_changed();
CREATE TRIGGER mutes_changed AFTER INSERT OR UPDATE OR DELETE ON mutes
    FOR EACH ROW EXECUTE FUNCTION kith_person_row_changed();
CREATE TRIGGER engagement_people_changed AFTER INSERT OR DELETE ON engagement_people
    FOR EACH ROW EXECUTE FUNCTION kith_person_row_changed();

-- engagements: revisions_engagement_changed, for everyone in the engagement.
CREATE FUNCTION kith_engagement_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kith_note_change(OLD.workspace, ARRAY(
        SELECT DISTINCT person FROM engagement_people
        WHERE workspace = OLD.workspace AND engagement IN (OLD.id, NEW.id)));
    RETURN NULL;
END
$$;
CREATE TRIGGER engagement_changed AFTER UPDATE ON engagements
    FOR EACH ROW EXECUTE FUNCTION kith_engagement_changed();

-- owner_facts: revisions_owner_fact_insert, _update, _delete, for everyone ('').
CREATE FUNCTION kith_owner_facts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM kith_note_change(COALESCE(NEW.workspace, OLD.workspace), ARRAY['']);
    RETURN NULL;
END
$$;
CREATE TRIGGER owner_facts_changed AFTER INSERT OR UPDATE OR DELETE ON owner_facts
    FOR EACH ROW EXECUTE FUNCTION kith_owner_facts_changed();

-- Row-level security ----------------------------------------------------------------

-- Every table but `workspaces`: only the transaction's workspace, for reading and
-- writing, the tables' owner included (FORCE).

ALTER TABLE owner_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE owner_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON owner_identities
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON organizations
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE org_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE org_domains FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON org_domains
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON people
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE person_aliases ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_aliases FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON person_aliases
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE identities FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON identities
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE person_tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_tags FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON person_tags
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON notes
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE engagements ENABLE ROW LEVEL SECURITY;
ALTER TABLE engagements FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON engagements
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE engagement_people ENABLE ROW LEVEL SECURITY;
ALTER TABLE engagement_people FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON engagement_people
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE interactions ENABLE ROW LEVEL SECURITY;
ALTER TABLE interactions FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON interactions
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE interaction_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE interaction_participants FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON interaction_participants
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE exchanges ENABLE ROW LEVEL SECURITY;
ALTER TABLE exchanges FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON exchanges
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE transitions FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON transitions
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE checkins ENABLE ROW LEVEL SECURITY;
ALTER TABLE checkins FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON checkins
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE import_sources ENABLE ROW LEVEL SECURITY;
ALTER TABLE import_sources FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON import_sources
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE mail_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON mail_messages
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE mail_copies ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_copies FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON mail_copies
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE mail_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON mail_checkpoints
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE person_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON person_facts
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE owner_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE owner_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON owner_facts
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE mutes ENABLE ROW LEVEL SECURITY;
ALTER TABLE mutes FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON mutes
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE histories ENABLE ROW LEVEL SECURITY;
ALTER TABLE histories FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON histories
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE drafts FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON drafts
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE owner_profile ENABLE ROW LEVEL SECURITY;
ALTER TABLE owner_profile FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON owner_profile
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE owner_refused_identities ENABLE ROW LEVEL SECURITY;
ALTER TABLE owner_refused_identities FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON owner_refused_identities
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE mail_log_owner ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_log_owner FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON mail_log_owner
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON settings
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE merges ENABLE ROW LEVEL SECURITY;
ALTER TABLE merges FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON merges
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE merge_moves ENABLE ROW LEVEL SECURITY;
ALTER TABLE merge_moves FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON merge_moves
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE distinct_people ENABLE ROW LEVEL SECURITY;
ALTER TABLE distinct_people FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON distinct_people
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE exchange_suggestions ENABLE ROW LEVEL SECURITY;
ALTER TABLE exchange_suggestions FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON exchange_suggestions
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE mail_texts_read ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_texts_read FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON mail_texts_read
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE revision ENABLE ROW LEVEL SECURITY;
ALTER TABLE revision FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON revision
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

ALTER TABLE person_revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE person_revisions FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_only ON person_revisions
    USING (workspace = current_setting('kith.workspace')::bigint)
    WITH CHECK (workspace = current_setting('kith.workspace')::bigint);

-- Workspaces ------------------------------------------------------------------------

-- Makes a workspace and the rows every workspace starts with; returns its id. The rest
-- of the calling transaction is in the new workspace (kith.workspace is set to it).
CREATE FUNCTION kith_create_workspace(name TEXT, created_at BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    ws BIGINT;
BEGIN
    INSERT INTO workspaces (name, created_at)
    VALUES (kith_create_workspace.name, kith_create_workspace.created_at)
    RETURNING id INTO ws;
    PERFORM set_config('kith.workspace', ws::text, true);
    INSERT INTO revision (workspace, "only", n) VALUES (ws, 0, 0);
    RETURN ws;
END
$$;
