-- Mail read right. A message found in the owner's sent folder is the owner's whatever its
-- From says (`sent`). Recipients keep their display names, so that the log can be derived
-- again from what is stored: one recipient a line, `address` or `address<TAB>name`, since
-- a Lotus Notes correspondent is a name with spaces in it.
ALTER TABLE mail_messages ADD COLUMN sent INTEGER NOT NULL DEFAULT 0;
UPDATE mail_messages SET recipients = replace(recipients, ' ', char(10));

-- A digest of the owner's identities the mail part of the interaction log was derived
-- with: when they change (`kith me add`), the next import derives it again.
-- The owner's identities they took back (`kith me remove`): never learned again from
-- their sent folders until they add them again.
CREATE TABLE owner_refused_identities (
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, value)
);

CREATE TABLE mail_log_owner (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    digest TEXT NOT NULL
);
