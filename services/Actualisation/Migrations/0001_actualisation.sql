-- The highest position version seen: the guard that makes out-of-order and duplicate position events no-ops.
CREATE TABLE actualisation.positions (
    organization_fiscal_code  text        NOT NULL,
    iupd                      text        NOT NULL,
    version                   bigint      NOT NULL,
    status                    text        NOT NULL,
    updated_at                timestamptz NOT NULL,
    CONSTRAINT pk_positions PRIMARY KEY (organization_fiscal_code, iupd)
);

-- The current amount schedule of each notice, and the position version it was computed from.
CREATE TABLE actualisation.amount_schedules (
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    iupd                      text        NOT NULL,
    position_version          bigint      NOT NULL,
    rule                      text        NOT NULL,
    steps                     jsonb       NOT NULL,
    computed_at               timestamptz NOT NULL,
    CONSTRAINT pk_amount_schedules PRIMARY KEY (organization_fiscal_code, iuv)
);
CREATE INDEX ix_amount_schedules_org_iupd ON actualisation.amount_schedules (organization_fiscal_code, iupd);
