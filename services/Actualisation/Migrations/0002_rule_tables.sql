-- Rule tables per EC and revenue type: every version kept, with who changed it and when (the audit trail).
CREATE TABLE actualisation.rule_tables (
    organization_fiscal_code  text        NOT NULL,
    revenue_type              text        NOT NULL,
    version                   integer     NOT NULL,
    rule                      text        NOT NULL,
    parameters                jsonb       NOT NULL,
    legal_rates               jsonb       NULL,
    applies_to_open_positions boolean     NOT NULL,
    changed_by                text        NOT NULL,
    changed_at                timestamptz NOT NULL,
    note                      text        NULL,
    CONSTRAINT pk_rule_tables PRIMARY KEY (organization_fiscal_code, revenue_type, version)
);

-- What a formal-rule schedule was computed from, so that midnight and table changes can recompute it.
ALTER TABLE actualisation.amount_schedules
    ADD COLUMN input          jsonb   NULL,
    ADD COLUMN revenue_type   text    NULL,
    ADD COLUMN table_version  integer NULL;
CREATE INDEX ix_amount_schedules_formal ON actualisation.amount_schedules (organization_fiscal_code, revenue_type) WHERE input IS NOT NULL;
