-- DebtPositions' outbox carries the bulk import's large chunk events: as jsonb every body was parsed into the binary
-- form on insert, compressed with pglz, and printed back to text for the relay; json with lz4 does a fraction of that
-- work (figures: docs/bench/bulk-import.md). The relay only ever reads the
-- body whole, so jsonb's indexable form bought nothing. (jsonb values from the shared EF mapping cast on assignment.)
ALTER TABLE debt_positions.outbox_messages
    ALTER COLUMN body TYPE json USING body::json,
    ALTER COLUMN body SET COMPRESSION lz4;
