-- kith's first schema. Migrations are add-only: never edit one that has shipped; add a
-- new file instead. Ids are the core's id strings, every timestamp is whole seconds
-- since the Unix epoch, and whatever belongs to a person goes when the person goes.

CREATE TABLE owner_identities (
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);

CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE org_domains (
    org    TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    domain TEXT NOT NULL UNIQUE
);
CREATE INDEX org_domains_org ON org_domains (org);

CREATE TABLE people (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    org          TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    role         TEXT,
    industry     TEXT,
    tier         TEXT,
    cadence_days INTEGER,
    stage        TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX people_org ON people (org);

CREATE TABLE person_aliases (
    person TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    alias  TEXT NOT NULL,
    PRIMARY KEY (person, alias)
);

CREATE TABLE identities (
    kind   TEXT NOT NULL,
    value  TEXT NOT NULL,
    person TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    UNIQUE (kind, value)
);
CREATE INDEX identities_person ON identities (person);

CREATE TABLE person_tags (
    person TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    tag    TEXT NOT NULL,
    PRIMARY KEY (person, tag)
);
CREATE INDEX person_tags_tag ON person_tags (tag);

CREATE TABLE notes (
    id     TEXT PRIMARY KEY,
    person TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    at     INTEGER NOT NULL,
    text   TEXT NOT NULL
);
CREATE INDEX notes_person ON notes (person, at);

CREATE TABLE engagements (
    id         TEXT PRIMARY KEY,
    org        TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    status     TEXT NOT NULL
);
CREATE INDEX engagements_org ON engagements (org);

CREATE TABLE engagement_people (
    engagement TEXT NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    person     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (engagement, person)
);
CREATE INDEX engagement_people_person ON engagement_people (person);

CREATE TABLE interactions (
    id         TEXT PRIMARY KEY,
    at         INTEGER NOT NULL,
    channel    TEXT NOT NULL,
    direction  TEXT NOT NULL,
    subject    TEXT,
    thread_key TEXT,
    source_key TEXT,
    note       TEXT
);
CREATE UNIQUE INDEX interactions_source_key ON interactions (source_key) WHERE source_key IS NOT NULL;
CREATE INDEX interactions_at ON interactions (at);

CREATE TABLE interaction_participants (
    interaction TEXT NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    person      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction, person)
);
CREATE INDEX interaction_participants_person ON interaction_participants (person);

CREATE TABLE exchanges (
    id        TEXT PRIMARY KEY,
    person    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    weight    REAL NOT NULL,
    giver     TEXT NOT NULL,
    status    TEXT NOT NULL,
    asked     INTEGER NOT NULL CHECK (asked IN (0, 1)),
    opened_at INTEGER NOT NULL,
    closed_at INTEGER,
    note      TEXT
);
CREATE INDEX exchanges_person ON exchanges (person, opened_at);

CREATE TABLE transitions (
    id         TEXT PRIMARY KEY,
    person     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    at         INTEGER NOT NULL,
    reason     TEXT,
    door       TEXT,
    note       TEXT
);
CREATE INDEX transitions_person ON transitions (person, at);

CREATE TABLE checkins (
    id      TEXT PRIMARY KEY,
    person  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    due_at  INTEGER NOT NULL,
    note    TEXT,
    done_at INTEGER
);
CREATE INDEX checkins_person ON checkins (person, due_at);
