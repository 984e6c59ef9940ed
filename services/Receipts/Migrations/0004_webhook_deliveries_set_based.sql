-- ADR 0088. Deliveries are now written by one INSERT … SELECT per save (Webhooks/WebhookQueue.cs), so their ids are
-- made here: time-ordered like Guid.CreateVersion7 (PostgreSQL 18's uuidv7() is not available on every server we run).
-- A random version-4 UUID with its first 48 bits replaced by the Unix time in milliseconds and its version set to 7.
CREATE FUNCTION receipts.uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
        52, 1), 53, 1), 'hex')::uuid
$$;

-- A claim only sets leased_until, which no index covers: with room left on the page PostgreSQL updates the row in place
-- (a HOT update, no new index entries). Applies to pages written from now on.
ALTER TABLE receipts.webhook_deliveries SET (fillfactor = 80);
