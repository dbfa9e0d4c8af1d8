-- Favors found in the text of personal messages, waiting for the owner to accept them
-- into the ledger or reject them. One row per sentence and person: reading a message
-- again adds nothing, and a rejected suggestion stays, so it never comes back.
-- `evidence` is the sentence (NULL when the owner keeps none); nothing else of a body is
-- stored. `exchange` is the ledger entry an accepted suggestion became, which so keeps
-- its source message.
CREATE TABLE exchange_suggestions (
    id         TEXT PRIMARY KEY,
    message    INTEGER NOT NULL REFERENCES mail_messages (id),
    sentence   INTEGER NOT NULL,
    person     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    act        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    giver      TEXT NOT NULL,
    confidence REAL NOT NULL,
    evidence   TEXT,
    note       TEXT,
    at         INTEGER NOT NULL,
    state      TEXT NOT NULL DEFAULT 'open',
    exchange   TEXT REFERENCES exchanges (id) ON DELETE SET NULL,
    UNIQUE (message, sentence, person)
);
CREATE INDEX exchange_suggestions_person ON exchange_suggestions (person, state);
CREATE INDEX exchange_suggestions_exchange ON exchange_suggestions (exchange);

-- The messages whose text was read for favors (an import without --read-bodies reads
-- none), so that reading an archive again reads each text once.
CREATE TABLE mail_texts_read (
    message INTEGER PRIMARY KEY REFERENCES mail_messages (id)
) WITHOUT ROWID;
