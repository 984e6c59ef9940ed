-- Transfers paid according to the receipt archive (PaymentRecorded), and the flow that reported each.
CREATE TABLE reporting.paid_transfers (
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    receipt_id                text        NOT NULL,
    id_transfer               integer     NOT NULL,
    amount_cents              bigint      NOT NULL,
    payment_date_time         timestamptz NOT NULL,
    psp_id                    text        NOT NULL,
    stand_in                  boolean     NOT NULL,
    recorded_at               timestamptz NOT NULL,
    reconciled_flow_id        text        NULL,
    reconciled_at             timestamptz NULL,
    -- The reconciliation key of pagoPA: (EC, IUV, IUR = receipt id, transfer index).
    CONSTRAINT pk_paid_transfers PRIMARY KEY (organization_fiscal_code, iuv, receipt_id, id_transfer)
);
CREATE INDEX ix_paid_transfers_unreconciled ON reporting.paid_transfers (organization_fiscal_code) WHERE reconciled_flow_id IS NULL;

-- The latest revision of each reporting flow; a later revision replaces the earlier one and its rows.
CREATE TABLE reporting.flows (
    organization_fiscal_code      text        NOT NULL,
    flow_id                       text        NOT NULL,
    revision                      bigint      NOT NULL,
    psp_id                        text        NOT NULL,
    flow_date                     timestamptz NOT NULL,
    regulation_id                 text        NOT NULL,
    regulation_date               date        NOT NULL,
    bic_code_pouring_bank         text        NULL,
    declared_total_payments       bigint      NOT NULL,
    declared_total_amount_cents   bigint      NOT NULL,
    row_count                     bigint      NOT NULL,
    row_amount_cents              bigint      NOT NULL,
    source                        text        NOT NULL,
    received_at                   timestamptz NOT NULL,
    CONSTRAINT pk_flows PRIMARY KEY (organization_fiscal_code, flow_id)
);

-- One row per datiSingoliPagamenti of the current revision, with its reconciliation outcome.
CREATE TABLE reporting.flow_rows (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    flow_id                   text        NOT NULL,
    row_index                 integer     NOT NULL,
    iuv                       text        NOT NULL,
    iur                       text        NOT NULL,
    id_transfer               integer     NOT NULL,
    amount_cents              bigint      NOT NULL,
    outcome                   integer     NOT NULL,
    pay_date                  date        NOT NULL,
    match_status              text        NOT NULL,
    anomaly                   text        NULL,
    matched_at                timestamptz NULL
);
CREATE INDEX ix_flow_rows_flow ON reporting.flow_rows (organization_fiscal_code, flow_id, row_index);
CREATE INDEX ix_flow_rows_key ON reporting.flow_rows (organization_fiscal_code, iuv, iur, id_transfer);
CREATE INDEX ix_flow_rows_anomaly ON reporting.flow_rows (organization_fiscal_code, anomaly) WHERE anomaly IS NOT NULL;
