-- Merges that are never wrong in silence. An identity may be held by several people (a
-- switchboard, a shared inbox, a placeholder number): such an identity never joins
-- records by itself, so the table no longer allows one holder only. Its unique index
-- serves lookups by kind and value.
CREATE TABLE identities_held (
    kind   TEXT NOT NULL,
    value  TEXT NOT NULL,
    person TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    UNIQUE (kind, value, person)
);
INSERT INTO identities_held (kind, value, person) SELECT kind, value, person FROM identities ORDER BY rowid;
DROP TABLE identities;
ALTER TABLE identities_held RENAME TO identities;
CREATE INDEX identities_person ON identities (person);

-- Every merge, kept so that it can be reported and undone: the whole record (both
-- people before, the kept one after, their facts and mutes) as JSON, and the rows that
-- moved from the absorbed person to the kept one.
CREATE TABLE merges (
    id        TEXT PRIMARY KEY,
    at        INTEGER NOT NULL,
    kept      TEXT NOT NULL,
    absorbed  TEXT NOT NULL,
    record    TEXT NOT NULL,
    undone_at INTEGER
);
CREATE INDEX merges_kept ON merges (kept);

-- `tbl` names the table, `row` the moved row's key (its id, or the group a membership
-- row names); `both` marks a membership both people had, whose absorbed row was dropped.
CREATE TABLE merge_moves (
    merge TEXT NOT NULL REFERENCES merges (id) ON DELETE CASCADE,
    tbl   TEXT NOT NULL,
    row   TEXT NOT NULL,
    both  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX merge_moves_merge ON merge_moves (merge);

-- Pairs the user said are not one person (`kith dupes --reject`, or an undone merge):
-- never proposed or merged again. `a` sorts before `b`.
CREATE TABLE distinct_people (
    a  TEXT NOT NULL,
    b  TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (a, b)
);
