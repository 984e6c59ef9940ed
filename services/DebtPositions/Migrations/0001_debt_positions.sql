-- GPD's model: position (IUPD) → payment options (one notice each: IUV/NAV) → transfers (1..5).
CREATE TABLE debt_positions.positions (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    iupd                      text        NOT NULL,
    status                    text        NOT NULL,
    -- Optimistic concurrency: every change bumps it and saves WHERE version = <read value>.
    version                   bigint      NOT NULL,
    type                      text        NOT NULL,
    fiscal_code               text        NOT NULL,
    full_name                 text        NOT NULL,
    street_name               text        NULL,
    civic_number              text        NULL,
    postal_code               text        NULL,
    city                      text        NULL,
    province                  text        NULL,
    region                    text        NULL,
    country                   text        NULL,
    email                     text        NULL,
    phone                     text        NULL,
    company_name              text        NOT NULL,
    office_name               text        NULL,
    switch_to_expired         boolean     NOT NULL,
    pay_stand_in              boolean     NOT NULL,
    validity_date             timestamptz NULL,
    payment_date              timestamptz NULL,
    inserted_date             timestamptz NOT NULL,
    publish_date              timestamptz NULL,
    last_updated_date         timestamptz NOT NULL,
    -- Our additions to GPD: revenue type (TARI, IMU, fine…) and the issuing system's own reference.
    revenue_type              text        NULL,
    external_reference        text        NULL,
    CONSTRAINT ux_positions_org_iupd UNIQUE (organization_fiscal_code, iupd)
);
CREATE INDEX ix_positions_org_status ON debt_positions.positions (organization_fiscal_code, status);
CREATE INDEX ix_positions_org_fiscal_code ON debt_positions.positions (organization_fiscal_code, fiscal_code);
CREATE INDEX ix_positions_org_external_reference ON debt_positions.positions (organization_fiscal_code, external_reference);

CREATE TABLE debt_positions.payment_options (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position_id               bigint      NOT NULL REFERENCES debt_positions.positions (id) ON DELETE CASCADE,
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    nav                       text        NOT NULL,
    amount                    bigint      NOT NULL CHECK (amount >= 1),
    description               text        NOT NULL,
    is_partial_payment        boolean     NOT NULL,
    due_date                  timestamptz NOT NULL,
    retention_date            timestamptz NULL,
    fee                       bigint      NOT NULL,
    notification_fee          bigint      NOT NULL,
    status                    text        NOT NULL,
    payment_date              timestamptz NULL,
    reporting_date            timestamptz NULL,
    payment_method            text        NULL,
    psp_company               text        NULL,
    id_receipt                text        NULL,
    id_flow_reporting         text        NULL,
    metadata                  jsonb       NOT NULL,
    inserted_date             timestamptz NOT NULL,
    last_updated_date         timestamptz NOT NULL,
    -- Our additions: notification date and actualisation rule (read by Actualisation), and the
    -- option's own debtor (jointly liable debtors: one notice each; null = the position's debtor).
    notification_date         date        NULL,
    actualisation_rule        text        NULL,
    debtor                    jsonb       NULL,
    -- A notice number identifies one notice of one EC, for ever (the Node looks it up by it).
    CONSTRAINT ux_payment_options_org_iuv UNIQUE (organization_fiscal_code, iuv)
);
CREATE INDEX ix_payment_options_position ON debt_positions.payment_options (position_id);
CREATE INDEX ix_payment_options_org_nav ON debt_positions.payment_options (organization_fiscal_code, nav);

CREATE TABLE debt_positions.transfers (
    id                              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_option_id               bigint      NOT NULL REFERENCES debt_positions.payment_options (id) ON DELETE CASCADE,
    id_transfer                     integer     NOT NULL CHECK (id_transfer BETWEEN 1 AND 5),
    amount                          bigint      NOT NULL CHECK (amount >= 1),
    organization_fiscal_code        text        NOT NULL,
    company_name                    text        NULL,
    remittance_information          text        NOT NULL,
    category                        text        NOT NULL,
    iban                            text        NULL,
    postal_iban                     text        NULL,
    stamp_hash_document             text        NULL,
    stamp_type                      text        NULL,
    stamp_provincial_residence      text        NULL,
    status                          text        NOT NULL,
    metadata                        jsonb       NOT NULL,
    inserted_date                   timestamptz NOT NULL,
    last_updated_date               timestamptz NOT NULL,
    -- Our addition: accounting data (budget chapter and assessment) for the EC's bookkeeping.
    accounting_chapter              text        NULL,
    accounting_assessment           text        NULL,
    CONSTRAINT ux_transfers_option_id_transfer UNIQUE (payment_option_id, id_transfer)
);
CREATE INDEX ix_transfers_org_iban ON debt_positions.transfers (organization_fiscal_code, iban);

-- Every transition with its time, cause and previous state (GET …/{iupd}/history).
CREATE TABLE debt_positions.position_history (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position_id      bigint      NOT NULL REFERENCES debt_positions.positions (id) ON DELETE CASCADE,
    version          bigint      NOT NULL,
    change           text        NOT NULL,
    previous_status  text        NULL,
    new_status       text        NOT NULL,
    cause            text        NOT NULL,
    detail           text        NULL,
    occurred_at      timestamptz NOT NULL
);
CREATE INDEX ix_position_history_position ON debt_positions.position_history (position_id, id);

-- Transfers reported by a reporting flow, kept even when the payment is not known yet: events do
-- not arrive in order, and a report must not be lost because its receipt is late.
CREATE TABLE debt_positions.reported_transfers (
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    id_transfer               integer     NOT NULL,
    receipt_id                text        NOT NULL,
    flow_id                   text        NOT NULL,
    amount                    bigint      NOT NULL,
    regulation_date           date        NOT NULL,
    recorded_at               timestamptz NOT NULL,
    CONSTRAINT pk_reported_transfers PRIMARY KEY (organization_fiscal_code, iuv, id_transfer)
);

-- Idempotency-Key of POST create: the first successful answer, returned again on a repeat.
CREATE TABLE debt_positions.idempotency_keys (
    organization_fiscal_code  text        NOT NULL,
    key                       text        NOT NULL,
    request_hash              text        NOT NULL,
    status_code               integer     NOT NULL,
    response_body             jsonb       NOT NULL,
    created_at                timestamptz NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (organization_fiscal_code, key)
);
