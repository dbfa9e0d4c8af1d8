-- What an address book card says of a person beyond the columns of `people`: the parts
-- of the name, nicknames, birthday and anniversary, postal addresses, the function
-- behind the title, and the labels of identities (types, preference, extension), as
-- kith-core's `PersonDetails` in JSON. NULL when the card said nothing more.
ALTER TABLE people ADD COLUMN details TEXT;

-- The owner's settings, one value a key (`phone_region`: the calling code phone numbers
-- written without one are read in).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
