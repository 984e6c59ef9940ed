CREATE TABLE receipts.receipts (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    receipt_id                text        NOT NULL,
    notice_number             text        NOT NULL,
    iuv                       text        NOT NULL,
    amount_cents              bigint      NOT NULL,
    payment_date_time         timestamptz NOT NULL,
    psp_id                    text        NOT NULL,
    stand_in                  boolean     NOT NULL,
    payload                   jsonb       NOT NULL,
    recorded_at               timestamptz NOT NULL,
    -- The legal archive holds one receipt per (EC, receipt id): a redelivery is "already recorded".
    CONSTRAINT ux_receipts_org_receipt UNIQUE (organization_fiscal_code, receipt_id)
);
CREATE INDEX ix_receipts_org_iuv ON receipts.receipts (organization_fiscal_code, iuv);
