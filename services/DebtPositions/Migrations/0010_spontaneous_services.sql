-- The catalogue of spontaneous-payment services of each EC (paDemandPaymentNotice).
CREATE TABLE debt_positions.spontaneous_services (
    organization_fiscal_code text        NOT NULL,
    service_id               text        NOT NULL,
    description              text        NOT NULL,
    company_name             text        NOT NULL,
    category                 text        NOT NULL,
    iban                     text        NOT NULL,
    postal_iban              text        NULL,
    amount_rule              text        NOT NULL,
    fixed_amount_cents       bigint      NULL,
    max_amount_cents         bigint      NOT NULL,
    due_days                 integer     NOT NULL,
    updated_at               timestamptz NOT NULL,
    CONSTRAINT pk_spontaneous_services PRIMARY KEY (organization_fiscal_code, service_id)
);
