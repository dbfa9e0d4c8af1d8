-- A person's ledger joins their contacts in the packed row a review reads: a review then
-- reads one row a person for both, instead of also scanning every ledger entry and
-- finding its person.
--
-- As before (0006), the rows are derived and may be missing, and a review rebuilds the
-- missing ones. Whoever adds participants deletes their rows; the triggers below delete
-- them when participants move or go, when an interaction changes, and on any change to
-- the ledger (entries are written one at a time, so a trigger costs nothing there).
DROP TRIGGER contact_logs_participant_moved;
DROP TRIGGER contact_logs_participant_gone;
DROP TRIGGER contact_logs_interaction_changed;
DROP TABLE contact_logs;

CREATE TABLE histories (
    person TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    packed BLOB NOT NULL
);

CREATE TRIGGER histories_participant_moved AFTER UPDATE ON interaction_participants
BEGIN
    DELETE FROM histories WHERE person IN (OLD.person, NEW.person);
END;

CREATE TRIGGER histories_participant_gone AFTER DELETE ON interaction_participants
BEGIN
    DELETE FROM histories WHERE person = OLD.person;
END;

CREATE TRIGGER histories_interaction_changed AFTER UPDATE ON interactions
BEGIN
    DELETE FROM histories
    WHERE person IN (SELECT person FROM interaction_participants WHERE interaction IN (OLD.id, NEW.id));
END;

CREATE TRIGGER histories_entry_added AFTER INSERT ON exchanges
BEGIN
    DELETE FROM histories WHERE person = NEW.person;
END;

CREATE TRIGGER histories_entry_changed AFTER UPDATE ON exchanges
BEGIN
    DELETE FROM histories WHERE person IN (OLD.person, NEW.person);
END;

CREATE TRIGGER histories_entry_gone AFTER DELETE ON exchanges
BEGIN
    DELETE FROM histories WHERE person = OLD.person;
END;
