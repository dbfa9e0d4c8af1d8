-- The revision counter is raised once a transaction, not once a changed row.
--
-- A reader only ever sees committed work, so one number for everything a transaction
-- changed tells it all it needs: the people noted carry that number, which is above any
-- revision it read before. Raising the counter for every row instead updated its one row
-- hundreds of thousands of times in a restore or an import; each update in PostgreSQL
-- leaves a new version of the row that the next update must walk past while the
-- transaction lasts, so the work grew with the square of the rows written (a simulated
-- network's 364,668 ledger entries took longer than its 5.7 million interactions).
-- A person noted again with the same number is left as it is, for the same reason.
CREATE OR REPLACE FUNCTION kith_note_change(ws BIGINT, people TEXT[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    now_n BIGINT;
    raised BOOLEAN;
BEGIN
    SELECT n, xmin = pg_current_xact_id()::xid INTO now_n, raised FROM revision WHERE workspace = ws;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF NOT raised THEN
        UPDATE revision SET n = n + 1 WHERE workspace = ws RETURNING n INTO now_n;
    END IF;
    INSERT INTO person_revisions (workspace, person, n)
    SELECT DISTINCT ws, p, now_n FROM unnest(people) AS p
    ON CONFLICT (workspace, person) DO UPDATE SET n = excluded.n
        WHERE person_revisions.n IS DISTINCT FROM excluded.n;
END
$$;
