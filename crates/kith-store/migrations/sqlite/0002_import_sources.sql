-- Where imported records came from: one row per source record (a vCard UID, a CSV row's
-- natural key), naming the person it went into and a digest of what it said, so that
-- re-importing the same file changes nothing and an updated file updates its people.

CREATE TABLE import_sources (
    key         TEXT PRIMARY KEY,
    file        TEXT NOT NULL,
    person      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    digest      TEXT NOT NULL,
    revised_at  INTEGER NOT NULL
);
CREATE INDEX import_sources_person ON import_sources (person);
