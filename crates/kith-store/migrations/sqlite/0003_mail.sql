-- Mail archives. One row per distinct message read (its headers, never its body), whether
-- it went into the interaction log or was kept out, so that a message stored in several
-- folders or archives counts once and kept-out mail can be listed. Recipients are their
-- addresses separated by single spaces; `at` is the Date header, NULL when it had none;
-- `thread` is NULL when the message starts its own thread.
-- Rows go in in import order; keys are found through a 64-bit digest (`key_hash`), whose
-- index is a quarter the size of one on the keys and cheaper to insert into at random.

CREATE TABLE mail_messages (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL,
    key_hash     INTEGER NOT NULL,
    at           INTEGER,
    delivered_at INTEGER,
    sender       TEXT,
    sender_name  TEXT,
    recipients   TEXT NOT NULL,
    subject      TEXT,
    parent       TEXT,
    thread       TEXT,
    kept_out     TEXT
);
CREATE INDEX mail_messages_key_hash ON mail_messages (key_hash);
CREATE INDEX mail_messages_kept_out ON mail_messages (kept_out, at) WHERE kept_out IS NOT NULL;

-- The mail message an interaction came from. Interactions logged from mail leave their
-- subject and thread to the message (stored once, not once per correspondent); the view
-- reads every interaction back whole, with the message it answers.
ALTER TABLE interactions ADD COLUMN message INTEGER;
CREATE VIEW interaction_rows AS
SELECT i.id, i.at, i.channel, i.direction,
       COALESCE(i.subject, m.subject) AS subject,
       COALESCE(i.thread_key, m.thread, m.key) AS thread_key,
       i.source_key, i.note, m.key AS message, m.parent AS replies_to
FROM interactions i LEFT JOIN mail_messages m ON m.id = i.message;

-- The Maildir files already read, so that a second import skips them unopened: one row per
-- write batch, holding the files' unique names separated by newlines.
CREATE TABLE mail_copies (
    batch INTEGER PRIMARY KEY,
    names TEXT NOT NULL
);

-- How far each mbox file has been read, and a digest of the bytes just before that
-- point, so that a file that only grew is read on from there.
CREATE TABLE mail_checkpoints (
    file   TEXT PRIMARY KEY,
    offset INTEGER NOT NULL,
    digest TEXT NOT NULL
);

-- Participants are read by interaction or by person: one table ordered by its key rather
-- than a table and an index holding the same pairs. Mail adds them by the hundred thousand.
CREATE TABLE interaction_participants_by_key (
    interaction TEXT NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    person      TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction, person)
) WITHOUT ROWID;
INSERT INTO interaction_participants_by_key SELECT interaction, person FROM interaction_participants;
DROP TABLE interaction_participants;
ALTER TABLE interaction_participants_by_key RENAME TO interaction_participants;
CREATE INDEX interaction_participants_person ON interaction_participants (person);
