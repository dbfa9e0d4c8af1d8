-- What changed, for a reader that keeps judgments in memory (the web server) and must
-- bring them up to date when the data changes, whichever process changed it: a counter
-- that grows with every change a review would see, and each person's counter at their
-- latest such change. The person '' stands for everyone (a change to the owner's facts).
--
-- A review reads people, their contacts and ledgers, facts, mutes, the owner's facts and
-- who is in client work: the triggers below follow those tables. Participants are added in
-- bulk by writers that already call `histories::forget` for them, and that function notes
-- the change too, so inserting participants has no trigger.
CREATE TABLE revision (
    only INTEGER PRIMARY KEY CHECK (only = 0),
    n    INTEGER NOT NULL
);
INSERT INTO revision (only, n) VALUES (0, 0);

CREATE TABLE person_revisions (
    person TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
);
CREATE INDEX person_revisions_by_n ON person_revisions (n);

CREATE TRIGGER revisions_person_added AFTER INSERT ON people
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (NEW.id, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_person_changed AFTER UPDATE ON people
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) SELECT person, (SELECT n FROM revision) FROM (SELECT OLD.id AS person UNION SELECT NEW.id) WHERE true
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_person_gone AFTER DELETE ON people
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (OLD.id, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_participant_moved AFTER UPDATE ON interaction_participants
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) SELECT person, (SELECT n FROM revision) FROM (SELECT OLD.person AS person UNION SELECT NEW.person) WHERE true
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_participant_gone AFTER DELETE ON interaction_participants
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (OLD.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_interaction_changed AFTER UPDATE ON interactions
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) SELECT person, (SELECT n FROM revision) FROM (SELECT DISTINCT person FROM interaction_participants WHERE interaction IN (OLD.id, NEW.id)) WHERE true
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_entry_added AFTER INSERT ON exchanges
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (NEW.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_entry_changed AFTER UPDATE ON exchanges
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) SELECT person, (SELECT n FROM revision) FROM (SELECT OLD.person AS person UNION SELECT NEW.person) WHERE true
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_entry_gone AFTER DELETE ON exchanges
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (OLD.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_fact_added AFTER INSERT ON person_facts
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (NEW.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_fact_changed AFTER UPDATE ON person_facts
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) SELECT person, (SELECT n FROM revision) FROM (SELECT OLD.person AS person UNION SELECT NEW.person) WHERE true
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_fact_gone AFTER DELETE ON person_facts
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (OLD.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_mute_added AFTER INSERT ON mutes
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (NEW.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_mute_changed AFTER UPDATE ON mutes
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) SELECT person, (SELECT n FROM revision) FROM (SELECT OLD.person AS person UNION SELECT NEW.person) WHERE true
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_mute_gone AFTER DELETE ON mutes
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (OLD.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_engaged_added AFTER INSERT ON engagement_people
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (NEW.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_engaged_gone AFTER DELETE ON engagement_people
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES (OLD.person, (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_engagement_changed AFTER UPDATE ON engagements
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) SELECT person, (SELECT n FROM revision) FROM (SELECT DISTINCT person FROM engagement_people WHERE engagement IN (OLD.id, NEW.id)) WHERE true
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_owner_fact_insert AFTER INSERT ON owner_facts
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES ('', (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_owner_fact_update AFTER UPDATE ON owner_facts
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES ('', (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;

CREATE TRIGGER revisions_owner_fact_delete AFTER DELETE ON owner_facts
BEGIN
    UPDATE revision SET n = n + 1;
    INSERT INTO person_revisions (person, n) VALUES ('', (SELECT n FROM revision))
        ON CONFLICT (person) DO UPDATE SET n = excluded.n;
END;
