-- DebtPositions' outbox carries the bulk import's chunk events (≈0.6 MB each): as jsonb every body was parsed into
-- the binary form on insert, compressed with pglz, and printed back to text for the relay, ≈60 ms of PostgreSQL CPU
-- per chunk of 1000 positions; as json with lz4 ≈15 ms (docs/bench/bulk-import.md). The relay only ever reads the
-- body whole, so jsonb's indexable form bought nothing. (jsonb values from the shared EF mapping cast on assignment.)
ALTER TABLE debt_positions.outbox_messages
    ALTER COLUMN body TYPE json USING body::json,
    ALTER COLUMN body SET COMPRESSION lz4;
