-- Read model of payable notices: one row per payment option (notice), fed by DebtPositionChanged.
CREATE TABLE node_adapter.notices (
    organization_fiscal_code text        NOT NULL,
    iuv                      text        NOT NULL,
    nav                      text        NOT NULL,
    iupd                     text        NOT NULL,
    -- Highest position version applied; older snapshots are ignored.
    position_version         bigint      NOT NULL,
    -- Version at which amount or transfers last changed: an amount schedule computed from an
    -- older version is stale and must not be used.
    content_version          bigint      NOT NULL,
    position_status          text        NOT NULL,
    option_status            text        NOT NULL,
    is_partial_payment       boolean     NOT NULL,
    validity_date            timestamptz NULL,
    amount_cents             bigint      NOT NULL,
    description              text        NOT NULL,
    due_date                 date        NOT NULL,
    retention_date           timestamptz NULL,
    company_name             text        NOT NULL,
    office_name              text        NULL,
    debtor                   jsonb       NOT NULL,
    transfers                jsonb       NOT NULL,
    metadata                 jsonb       NOT NULL,
    updated_at               timestamptz NOT NULL,
    CONSTRAINT pk_notices PRIMARY KEY (organization_fiscal_code, iuv),
    CONSTRAINT ux_notices_org_nav UNIQUE (organization_fiscal_code, nav)
);
CREATE INDEX ix_notices_org_iupd ON node_adapter.notices (organization_fiscal_code, iupd);

-- Amount schedules from Actualisation, kept apart: they may arrive before the position itself.
CREATE TABLE node_adapter.amount_schedules (
    organization_fiscal_code text        NOT NULL,
    iuv                      text        NOT NULL,
    position_version         bigint      NOT NULL,
    steps                    jsonb       NOT NULL,
    updated_at               timestamptz NOT NULL,
    CONSTRAINT pk_amount_schedules PRIMARY KEY (organization_fiscal_code, iuv)
);

-- The durable log of receipts: written (with the outbox row) before the Node gets OK.
CREATE TABLE node_adapter.receipt_log (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code text        NOT NULL,
    receipt_id               text        NOT NULL,
    notice_fiscal_code       text        NOT NULL,
    notice_number            text        NOT NULL,
    iuv                      text        NOT NULL,
    iupd                     text        NULL,
    settles_position         boolean     NOT NULL,
    outcome                  text        NOT NULL,
    amount_cents             bigint      NOT NULL,
    payment_date_time        timestamptz NOT NULL,
    stand_in                 boolean     NOT NULL,
    soap_version             text        NOT NULL,
    anomaly                  text        NULL,
    raw_xml                  text        NOT NULL,
    receipt                  jsonb       NOT NULL,
    received_at              timestamptz NOT NULL,
    -- A second delivery of the same receipt is PAA_RECEIPT_DUPLICATA and changes nothing.
    CONSTRAINT ux_receipt_log_org_receipt UNIQUE (organization_fiscal_code, receipt_id)
);
CREATE INDEX ix_receipt_log_notice ON node_adapter.receipt_log (notice_fiscal_code, iuv);
CREATE INDEX ix_receipt_log_notice_iupd ON node_adapter.receipt_log (notice_fiscal_code, iupd) WHERE iupd IS NOT NULL;
CREATE INDEX ix_receipt_log_anomaly ON node_adapter.receipt_log (organization_fiscal_code, id) WHERE anomaly IS NOT NULL;

-- Reporting flows downloaded from the Node, one row per (EC, flow, PSP, revision).
CREATE TABLE node_adapter.reporting_flows (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code text        NOT NULL,
    flow_id                  text        NOT NULL,
    psp_id                   text        NOT NULL,
    revision                 bigint      NOT NULL,
    status                   text        NOT NULL,
    error                    text        NULL,
    anomaly                  text        NULL,
    attempts                 integer     NOT NULL,
    next_attempt_at          timestamptz NULL,
    payment_count            integer     NOT NULL,
    total_amount_cents       bigint      NOT NULL,
    payload                  jsonb       NULL,
    first_seen_at            timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    CONSTRAINT ux_reporting_flows_key UNIQUE (organization_fiscal_code, flow_id, psp_id, revision)
);
