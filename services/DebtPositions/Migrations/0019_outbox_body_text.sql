-- The outbox body is written by our serialiser and read back whole by the relay (or not at all: it publishes the
-- object it still holds, OutboxHandoff). As json, PostgreSQL still validated every body on insert, a large one per
-- chunk of a bulk import, visible in the 1M import's profile. As text it is stored as sent; lz4 stays.
ALTER TABLE debt_positions.outbox_messages
    ALTER COLUMN body TYPE text,
    ALTER COLUMN body SET COMPRESSION lz4;
