-- Transactional outbox and idempotent inbox, shaped like MassTransit's EF outbox (not available here).
CREATE TABLE IF NOT EXISTS {schema}.outbox_messages (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   uuid        NOT NULL,
    message_type text        NOT NULL,
    body         jsonb       NOT NULL,
    trace_parent text        NULL,
    created_at   timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS {schema}.inbox_messages (
    message_id   uuid        NOT NULL,
    consumer     text        NOT NULL,
    processed_at timestamptz NOT NULL,
    CONSTRAINT pk_inbox_messages PRIMARY KEY (message_id, consumer)
);
CREATE INDEX IF NOT EXISTS ix_inbox_messages_processed_at ON {schema}.inbox_messages (processed_at);
