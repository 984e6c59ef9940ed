-- The snapshot is only ever read whole (to render a notice), never queried inside: json (validated text) instead of
-- jsonb spares PostgreSQL the parse into binary form on every write and the print back on every read, which a bulk
-- import pays a thousand times per chunk (docs/bench/bulk-import.md).
ALTER TABLE iuv_issuance.notice_positions ALTER COLUMN snapshot TYPE json USING snapshot::json;
