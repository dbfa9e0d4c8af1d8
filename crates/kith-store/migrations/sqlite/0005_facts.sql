-- What the user knows that the data cannot show. A person holds each fact once: recording
-- it again moves its date and note. The owner declares each change in their working life
-- once, from a date. A diagnosis is muted for a person until a moment; muting it again
-- replaces that moment. Facts and mutes go when their person goes.

CREATE TABLE person_facts (
    person TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    fact   TEXT NOT NULL,
    at     INTEGER NOT NULL,
    note   TEXT,
    PRIMARY KEY (person, fact)
);

CREATE TABLE owner_facts (
    change TEXT PRIMARY KEY,
    since  INTEGER NOT NULL
);

CREATE TABLE mutes (
    person    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    diagnosis TEXT NOT NULL,
    until     INTEGER NOT NULL,
    PRIMARY KEY (person, diagnosis)
);
