-- The snapshot is written by our own serialiser and only ever read back whole to render a notice: as json, every
-- bulk-imported position paid for validating JSON text that nothing reads inside; as text it is stored as
-- sent (docs/bench/bulk-import.md). Same representation, but PostgreSQL rewrites the table under an exclusive lock.
ALTER TABLE iuv_issuance.notice_positions ALTER COLUMN snapshot TYPE text;

-- The index by status and first due date served one statement: the selection of a background notice batch (all the
-- VALID positions of an EC due in a range), which then renders a PDF for every row it selected. Reading the EC's
-- positions to select them costs a fraction of rendering them, and the index cost an entry for every position written
-- (a million in a million-row import). The batch's selection by IUPD prefix still uses the primary key.
DROP INDEX iuv_issuance.ix_notice_positions_status;
