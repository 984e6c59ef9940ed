-- Read model of the notice data owned by DebtPositions, fed by DebtPositionChanged (full snapshot).
-- One row per position; a message with a version not above the stored one changes nothing, so
-- out-of-order and duplicate deliveries are harmless.
CREATE TABLE iuv_issuance.notice_positions (
    organization_fiscal_code  text        NOT NULL,
    iupd                      text        NOT NULL,
    version                   bigint      NOT NULL,
    status                    text        NOT NULL,
    first_due_date            date        NULL,
    snapshot                  jsonb       NOT NULL,
    received_at               timestamptz NOT NULL,
    CONSTRAINT pk_notice_positions PRIMARY KEY (organization_fiscal_code, iupd)
);
CREATE INDEX ix_notice_positions_status ON iuv_issuance.notice_positions (organization_fiscal_code, status, first_due_date);

-- Lookup by NAV. A NAV belongs to one position of its EC, forever.
CREATE TABLE iuv_issuance.notice_navs (
    organization_fiscal_code  text NOT NULL,
    nav                       text NOT NULL,
    iupd                      text NOT NULL,
    CONSTRAINT pk_notice_navs PRIMARY KEY (organization_fiscal_code, nav),
    CONSTRAINT fk_notice_navs_notice_positions FOREIGN KEY (organization_fiscal_code, iupd)
        REFERENCES iuv_issuance.notice_positions (organization_fiscal_code, iupd) ON DELETE CASCADE
);
CREATE INDEX ix_notice_navs_position ON iuv_issuance.notice_navs (organization_fiscal_code, iupd);

-- Per-EC customisation of the printed notice. The logo is small (size-capped by the API) and read
-- with every render, so it lives in the row.
CREATE TABLE iuv_issuance.notice_templates (
    organization_fiscal_code  text        PRIMARY KEY,
    logo                      bytea       NULL,
    logo_content_type         text        NULL CHECK (logo_content_type IN ('image/png', 'image/jpeg')),
    company_name              text        NULL,
    sector                    text        NULL,
    office                    text        NULL,
    where_to_pay              text        NULL,
    contacts                  text        NULL,
    cbill_code                text        NULL CHECK (cbill_code ~ '^[A-Z0-9]{5}$'),
    updated_at                timestamptz NOT NULL
);

-- Bulk rendering jobs. Items fix the set of positions when the batch is accepted; each is rendered
-- from the newest snapshot at rendering time. The result (a zip) is stored as 1 MiB chunks so any
-- replica can serve it and no process ever holds it whole.
CREATE TABLE iuv_issuance.notice_batches (
    id                        uuid        PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    idempotency_key           text        NULL,
    selection                 jsonb       NOT NULL,
    attempts                  integer     NOT NULL DEFAULT 0,
    status                    text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    total                     integer     NOT NULL,
    rendered                  integer     NOT NULL DEFAULT 0,
    skipped                   integer     NOT NULL DEFAULT 0,
    pages                     integer     NOT NULL DEFAULT 0,
    size_bytes                bigint      NULL,
    error                     text        NULL,
    created_at                timestamptz NOT NULL,
    started_at                timestamptz NULL,
    completed_at              timestamptz NULL,
    CONSTRAINT ux_notice_batches_idempotency UNIQUE (organization_fiscal_code, idempotency_key)
);
CREATE INDEX ix_notice_batches_pending ON iuv_issuance.notice_batches (created_at) WHERE status IN ('queued', 'running');

CREATE TABLE iuv_issuance.notice_batch_items (
    batch_id  uuid    NOT NULL REFERENCES iuv_issuance.notice_batches (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    iupd      text    NOT NULL,
    CONSTRAINT pk_notice_batch_items PRIMARY KEY (batch_id, seq)
);

CREATE TABLE iuv_issuance.notice_batch_chunks (
    batch_id  uuid    NOT NULL REFERENCES iuv_issuance.notice_batches (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    data      bytea   NOT NULL,
    CONSTRAINT pk_notice_batch_chunks PRIMARY KEY (batch_id, seq)
);
