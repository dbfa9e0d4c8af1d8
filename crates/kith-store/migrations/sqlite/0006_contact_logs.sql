-- Each person's contacts packed in one row, in the order and form a review reads them: a
-- review then reads one row a person instead of joining millions of interactions with
-- their participants and mail messages.
--
-- The rows are derived and may be missing: a review rebuilds the missing ones from the
-- tables above. A row must never outlive a change to what it was built from, so:
-- whoever adds participants deletes their rows (the store does it in the same
-- transaction, once per person rather than once per participant), and the triggers below
-- delete them when participants move or go, or when an interaction changes.
CREATE TABLE contact_logs (
    person   TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    contacts BLOB NOT NULL
);

CREATE TRIGGER contact_logs_participant_moved AFTER UPDATE ON interaction_participants
BEGIN
    DELETE FROM contact_logs WHERE person IN (OLD.person, NEW.person);
END;

CREATE TRIGGER contact_logs_participant_gone AFTER DELETE ON interaction_participants
BEGIN
    DELETE FROM contact_logs WHERE person = OLD.person;
END;

CREATE TRIGGER contact_logs_interaction_changed AFTER UPDATE ON interactions
BEGIN
    DELETE FROM contact_logs
    WHERE person IN (SELECT person FROM interaction_participants WHERE interaction IN (OLD.id, NEW.id));
END;
