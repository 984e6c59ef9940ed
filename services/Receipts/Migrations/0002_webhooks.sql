-- The receipt as the Node sent it (paSendRT/paSendRTV2 request element), when the event carried it: GPD's receipts API returns it.
ALTER TABLE receipts.receipts ADD COLUMN receipt_xml text NULL;
-- GPD's receipts API filters by debtor: a column, filled from the archived payload for receipts archived before it.
ALTER TABLE receipts.receipts ADD COLUMN debtor_fiscal_code text NOT NULL DEFAULT '';
UPDATE receipts.receipts SET debtor_fiscal_code = coalesce(payload->>'debtorFiscalCode', '');
ALTER TABLE receipts.receipts ALTER COLUMN debtor_fiscal_code DROP DEFAULT;
CREATE INDEX ix_receipts_org_payment ON receipts.receipts (organization_fiscal_code, payment_date_time);

-- Webhooks: docs/decisions/0024-webhooks.md.
CREATE TABLE receipts.webhook_subscriptions (
    id                          uuid        PRIMARY KEY,
    organization_fiscal_code    text        NOT NULL,
    target_url                  text        NOT NULL,
    event_types                 text[]      NOT NULL,
    description                 text        NULL,
    status                      text        NOT NULL CHECK (status IN ('active', 'paused')),
    -- Secrets are AES-GCM ciphertexts under Webhooks:SecretKey, never the secret itself.
    secret_ciphertext           text        NOT NULL,
    previous_secret_ciphertext  text        NULL,
    previous_secret_expires_at  timestamptz NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL
);
CREATE INDEX ix_webhook_subscriptions_org ON receipts.webhook_subscriptions (organization_fiscal_code);

-- One row per (subscription, event), written in the transaction that produced the event: nothing is lost.
CREATE TABLE receipts.webhook_deliveries (
    id                  uuid        PRIMARY KEY,
    subscription_id     uuid        NOT NULL REFERENCES receipts.webhook_subscriptions (id) ON DELETE CASCADE,
    event_id            uuid        NOT NULL,
    event_type          text        NOT NULL,
    body                text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts            integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    -- The 72-hour horizon counts from here: creation, or the last replay.
    retry_from          timestamptz NOT NULL,
    next_attempt_at     timestamptz NULL,
    -- A claimed delivery is leased to one sender until then; a sender that dies leaves it to the next.
    leased_until        timestamptz NULL,
    last_attempt_at     timestamptz NULL,
    last_status_code    integer     NULL,
    last_error          text        NULL,
    delivered_at        timestamptz NULL,
    CONSTRAINT ux_webhook_deliveries_subscription_event UNIQUE (subscription_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON receipts.webhook_deliveries (subscription_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_webhook_deliveries_subscription_created ON receipts.webhook_deliveries (subscription_id, created_at);

CREATE TABLE receipts.webhook_attempts (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id         uuid        NOT NULL REFERENCES receipts.webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at        timestamptz NOT NULL,
    latency_ms          integer     NOT NULL,
    status_code         integer     NULL,
    error               text        NULL,
    -- At most 256 characters of the receiver's answer: enough to diagnose, too little to hoard its data.
    response_excerpt    text        NULL
);
CREATE INDEX ix_webhook_attempts_delivery ON receipts.webhook_attempts (delivery_id);
