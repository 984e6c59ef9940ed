-- The notice's debtor, transfers and metadata hold JSON that only our own serialiser writes and only the station reads
-- back whole; PostgreSQL never looks inside them except to compare transfers on an upsert, which casts to jsonb where it
-- happens. As json, every bulk-imported notice still paid for validating three JSON texts (json_lex was PostgreSQL's
-- hottest function in the 1M import's profile, across the JSON columns of three services);
-- as text it is stored as sent. This rewrites the table under an exclusive lock, like 0004 (docs/operations.md).
ALTER TABLE node_adapter.notices
    ALTER COLUMN debtor TYPE text,
    ALTER COLUMN transfers TYPE text,
    ALTER COLUMN metadata TYPE text;
