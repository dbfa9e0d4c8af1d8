-- Acting on a relationship: the drafts the composer wrote (and whether they were sent),
-- how an engagement went (a reference is asked for only when it went well), and check-ins
-- that repeat (after an ending with the door open, or at a reduced cadence).

CREATE TABLE drafts (
    id          TEXT PRIMARY KEY,
    person      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    move        TEXT NOT NULL,
    tone        TEXT NOT NULL,
    manner      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    cited       TEXT NOT NULL,
    asks_reference INTEGER NOT NULL CHECK (asks_reference IN (0, 1)),
    engagement  TEXT REFERENCES engagements (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    sent_at     INTEGER,
    interaction TEXT,
    used_by     TEXT REFERENCES transitions (id) ON DELETE SET NULL
);
CREATE INDEX drafts_person ON drafts (person, created_at);
CREATE INDEX drafts_engagement ON drafts (engagement) WHERE engagement IS NOT NULL;

ALTER TABLE engagements ADD COLUMN went_well INTEGER CHECK (went_well IN (0, 1));

ALTER TABLE checkins ADD COLUMN every_days INTEGER CHECK (every_days > 0);
CREATE INDEX checkins_pending ON checkins (due_at) WHERE done_at IS NULL;

-- Every stage but active shows as a tag from now on; people changed before get theirs.
INSERT INTO person_tags (person, tag)
SELECT id, 'stage:' || replace(stage, '_', '-') FROM people WHERE stage <> 'active'
ON CONFLICT DO NOTHING;

-- The owner's own name, to sign drafts with (one row at most).
CREATE TABLE owner_profile (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL
);
