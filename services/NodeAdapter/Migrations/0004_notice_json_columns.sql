-- The notice's debtor, transfers and metadata are written whole by our own serialiser and read back whole by the
-- station: PostgreSQL never looks inside them. As jsonb, every bulk-imported notice paid for three parses into the
-- binary form (a good part of its COPY, docs/bench/bulk-import.md); json only checks the text and keeps it as written.
-- Comparisons that need meaning (did the transfers change?) cast to jsonb where they happen.
ALTER TABLE node_adapter.notices
    ALTER COLUMN debtor TYPE json USING debtor::json,
    ALTER COLUMN transfers TYPE json USING transfers::json,
    ALTER COLUMN metadata TYPE json USING metadata::json;
