-- Self-healing receipts: docs/decisions/0025-receipt-recovery.md.
-- One row per payment a reporting flow reported without a receipt here; the recovery job fetches it from biz-events.
CREATE TABLE receipts.receipt_recoveries (
    id                        uuid        PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    iur                       text        NOT NULL,
    -- The flow that first reported it, and the anomaly kind Reporting gave the row.
    flow_id                   text        NOT NULL,
    anomaly                   text        NOT NULL,
    status                    text        NOT NULL CHECK (status IN ('pending', 'recovered', 'already-archived', 'unrecoverable')),
    attempts                  integer     NOT NULL DEFAULT 0,
    next_attempt_at           timestamptz NULL,
    last_attempt_at           timestamptz NULL,
    last_status_code          integer     NULL,
    last_error                text        NULL,
    created_at                timestamptz NOT NULL,
    resolved_at               timestamptz NULL,
    CONSTRAINT ux_receipt_recoveries_payment UNIQUE (organization_fiscal_code, iur, iuv)
);
CREATE INDEX ix_receipt_recoveries_due ON receipts.receipt_recoveries (next_attempt_at) WHERE status = 'pending';

-- Every call made to biz-events: the audit trail, and what the throttle (calls per window) counts.
CREATE TABLE receipts.receipt_recovery_calls (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recovery_id    uuid        NOT NULL REFERENCES receipts.receipt_recoveries (id) ON DELETE CASCADE,
    called_at      timestamptz NOT NULL,
    latency_ms     integer     NOT NULL,
    status_code    integer     NULL,
    error          text        NULL
);
CREATE INDEX ix_receipt_recovery_calls_called ON receipts.receipt_recovery_calls (called_at);
CREATE INDEX ix_receipt_recovery_calls_recovery ON receipts.receipt_recovery_calls (recovery_id);

-- Idempotency-Key on webhook subscription creation: the same key and body answer the same subscription and secret.
CREATE TABLE receipts.webhook_idempotency_keys (
    organization_fiscal_code  text        NOT NULL,
    key                       text        NOT NULL,
    request_hash              text        NOT NULL,
    subscription_id           uuid        NOT NULL REFERENCES receipts.webhook_subscriptions (id) ON DELETE CASCADE,
    -- The secret as first answered (encrypted like the subscription's): a replay answers it again, even after a rotation.
    secret_ciphertext         text        NOT NULL,
    created_at                timestamptz NOT NULL,
    PRIMARY KEY (organization_fiscal_code, key)
);
