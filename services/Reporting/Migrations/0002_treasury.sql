-- Treasury and bank statements (issue 15, docs/treasury.md): a file is stored whole or not at all, once per content.
CREATE TABLE reporting.treasury_files (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    sha256                    text        NOT NULL,
    format                    text        NOT NULL,
    version                   text        NOT NULL,
    size_bytes                bigint      NOT NULL,
    movement_count            integer     NOT NULL,
    uploaded_by               text        NOT NULL,
    received_at               timestamptz NOT NULL,
    CONSTRAINT ux_treasury_files_content UNIQUE (organization_fiscal_code, sha256)
);

-- Every movement of a file, collections or not. kind: collection (a booked EUR credit with a pagoPA marker),
-- reversal, debit, not-booked, other (a credit that is not pagoPA's, another currency, a document that regularises).
CREATE TABLE reporting.treasury_movements (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    file_id                   bigint      NOT NULL REFERENCES reporting.treasury_files (id),
    position                  text        NOT NULL,
    kind                      text        NOT NULL,
    account                   text        NOT NULL,
    currency                  text        NOT NULL,
    is_credit                 boolean     NOT NULL,
    amount_cents              bigint      NOT NULL,
    booking_date              date        NOT NULL,
    value_date                date        NULL,
    bank_reference            text        NULL,
    trn                       text        NULL,
    end_to_end_id             text        NULL,
    counterparty              text        NULL,
    remittance                text        NOT NULL,
    provisional_year          integer     NULL,
    provisional_number        text        NULL,
    flow_id                   text        NULL,
    iuv                       text        NULL,
    -- An operator's decision wins over the automatic match, always: matched (to manual_flow_id) or unmatched.
    manual_state              text        NULL,
    manual_flow_id            text        NULL,
    manual_reason             text        NULL,
    manual_by                 text        NULL,
    manual_at                 timestamptz NULL
);
CREATE INDEX ix_treasury_movements_flow ON reporting.treasury_movements (organization_fiscal_code, upper(flow_id)) WHERE flow_id IS NOT NULL;
CREATE INDEX ix_treasury_movements_manual_flow ON reporting.treasury_movements (organization_fiscal_code, manual_flow_id) WHERE manual_flow_id IS NOT NULL;
CREATE INDEX ix_treasury_movements_iuv ON reporting.treasury_movements (organization_fiscal_code, iuv) WHERE iuv IS NOT NULL;
CREATE INDEX ix_treasury_movements_day ON reporting.treasury_movements (organization_fiscal_code, booking_date);
CREATE INDEX ix_flows_upper_id ON reporting.flows (organization_fiscal_code, upper(flow_id));

-- The audit of manual decisions: append-only.
CREATE TABLE reporting.treasury_decisions (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    movement_id               bigint      NOT NULL REFERENCES reporting.treasury_movements (id),
    action                    text        NOT NULL,
    flow_id                   text        NULL,
    reason                    text        NOT NULL,
    decided_by                text        NOT NULL,
    decided_at                timestamptz NOT NULL
);
CREATE INDEX ix_treasury_decisions_movement ON reporting.treasury_decisions (movement_id);
CREATE FUNCTION reporting.refuse_change() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'reporting.treasury_decisions is append-only'; END $$;
CREATE TRIGGER treasury_decisions_append_only BEFORE UPDATE OR DELETE ON reporting.treasury_decisions
    FOR EACH ROW EXECUTE FUNCTION reporting.refuse_change();

-- The EC's own view of each transfer (the "IUD" source of the classification) and its accounting imputation,
-- from DebtPositionChanged; the latest position version wins.
CREATE TABLE reporting.position_transfers (
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    id_transfer               integer     NOT NULL,
    iupd                      text        NOT NULL,
    position_version          bigint      NOT NULL,
    option_status             text        NOT NULL,
    amount_cents              bigint      NOT NULL,
    category                  text        NOT NULL,
    accounting_chapter        text        NULL,
    accounting_assessment     text        NULL,
    description               text        NOT NULL,
    CONSTRAINT pk_position_transfers PRIMARY KEY (organization_fiscal_code, iuv, id_transfer)
);

-- The revenue type (pagoPA taxonomy category) of a paid transfer, from its receipt.
ALTER TABLE reporting.paid_transfers ADD COLUMN category text NULL;
