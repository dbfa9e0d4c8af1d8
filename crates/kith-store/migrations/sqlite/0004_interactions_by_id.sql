-- Interactions are small rows found by id, so they become one table ordered by id instead
-- of a table plus an index on id: a mail import adds them by the hundred thousand and
-- each one now costs one b-tree insert instead of two. Nothing reads interactions by time
-- alone (a person's are found through their participants, then sorted), so the index on
-- `at` goes too.
-- Dropping a table that others reference would cascade into them, so the participants are
-- set aside, both tables rebuilt, and the participants put back.

DROP VIEW interaction_rows;
CREATE TEMP TABLE participants_set_aside AS SELECT interaction, person FROM interaction_participants;
DROP TABLE interaction_participants;

CREATE TABLE interactions_by_id (
    id         TEXT PRIMARY KEY,
    at         INTEGER NOT NULL,
    channel    TEXT NOT NULL,
    direction  TEXT NOT NULL,
    subject    TEXT,
    thread_key TEXT,
    source_key TEXT,
    note       TEXT,
    message    INTEGER
) WITHOUT ROWID;
INSERT INTO interactions_by_id
SELECT id, at, channel, direction, subject, thread_key, source_key, note, message FROM interactions;
DROP TABLE interactions;
ALTER TABLE interactions_by_id RENAME TO interactions;
CREATE UNIQUE INDEX interactions_source_key ON interactions (source_key) WHERE source_key IS NOT NULL;

CREATE TABLE interaction_participants (
    interaction TEXT NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    person      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction, person)
) WITHOUT ROWID;
INSERT INTO interaction_participants SELECT interaction, person FROM participants_set_aside;
DROP TABLE participants_set_aside;
CREATE INDEX interaction_participants_person ON interaction_participants (person);

CREATE VIEW interaction_rows AS
SELECT i.id, i.at, i.channel, i.direction,
       COALESCE(i.subject, m.subject) AS subject,
       COALESCE(i.thread_key, m.thread, m.key) AS thread_key,
       i.source_key, i.note, m.key AS message, m.parent AS replies_to
FROM interactions i LEFT JOIN mail_messages m ON m.id = i.message;
