-- Coercive collection: cancel and re-issue (docs/coercive.md, ADR 0049/0050). Lineage both ways on the positions
-- themselves, so the position's own answer and the ruolo read it without a join.
ALTER TABLE debt_positions.positions
    ADD COLUMN reissued_as text        NULL,
    ADD COLUMN reissue_of  text        NULL,
    ADD COLUMN reissued_at timestamptz NULL;

-- The bulk job walks these in id order (its cursor); a re-issued position leaves the index.
CREATE INDEX ix_positions_reissue_candidates ON debt_positions.positions (organization_fiscal_code, revenue_type, id)
    WHERE status IN ('VALID', 'EXPIRED') AND reissued_as IS NULL;
CREATE INDEX ix_positions_reissue_of ON debt_positions.positions (organization_fiscal_code, id)
    WHERE reissue_of IS NOT NULL;

CREATE TABLE debt_positions.reissue_jobs (
    id                        uuid        PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    revenue_type              text        NOT NULL,
    -- Every notice of a candidate falls due before this Rome day.
    overdue_before            date        NOT NULL,
    -- The terms every new position gets (ReissueTerms).
    enforceable_from          date        NOT NULL,
    costs_cents               bigint      NOT NULL,
    mora_interest             boolean     NOT NULL,
    due_date                  date        NOT NULL,
    idempotency_key           text        NULL,
    cause                     text        NOT NULL,
    status                    text        NOT NULL,
    total                     bigint      NOT NULL DEFAULT 0,
    reissued                  bigint      NOT NULL DEFAULT 0,
    skipped                   bigint      NOT NULL DEFAULT 0,
    -- The last position id handled: a resumed job continues after it.
    cursor_id                 bigint      NOT NULL DEFAULT 0,
    failure                   text        NULL,
    created_at                timestamptz NOT NULL,
    started_at                timestamptz NULL,
    finished_at               timestamptz NULL,
    updated_at                timestamptz NOT NULL
);
-- One job per EC at a time.
CREATE UNIQUE INDEX ux_reissue_jobs_one_active ON debt_positions.reissue_jobs (organization_fiscal_code)
    WHERE status IN ('QUEUED', 'RUNNING');
CREATE UNIQUE INDEX ux_reissue_jobs_key ON debt_positions.reissue_jobs (organization_fiscal_code, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE debt_positions.reissue_job_failures (
    job_id  uuid NOT NULL REFERENCES debt_positions.reissue_jobs (id) ON DELETE CASCADE,
    iupd    text NOT NULL,
    reason  text NOT NULL,
    CONSTRAINT pk_reissue_job_failures PRIMARY KEY (job_id, iupd)
);

-- A payment of a re-issued (cancelled) notice: what it did to the new position, for the operator.
CREATE TABLE debt_positions.reissue_anomalies (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    receipt_id                text        NOT NULL,
    iuv                       text        NOT NULL,
    old_iupd                  text        NOT NULL,
    new_iupd                  text        NOT NULL,
    kind                      text        NOT NULL,
    paid_cents                bigint      NOT NULL,
    detail                    text        NOT NULL,
    occurred_at               timestamptz NOT NULL,
    CONSTRAINT ux_reissue_anomalies_receipt UNIQUE (organization_fiscal_code, receipt_id)
);
