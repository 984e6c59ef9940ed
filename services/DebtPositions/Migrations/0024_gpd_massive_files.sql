-- GPD's massive file API (gpd_massive*.json, docs/decisions/0044): one row per uploaded file. A CREATE runs on the
-- bulk import engine (import_id); an UPDATE or DELETE keeps its positions or IUPDs in payload and is worked through
-- by the massive job, which appends one response per position.
CREATE TABLE debt_positions.gpd_massive_files (
    id                       uuid        NOT NULL,
    organization_fiscal_code text        NOT NULL,
    broker_code              text        NOT NULL,
    operation                text        NOT NULL,
    file_hash                text        NOT NULL,
    to_publish               boolean     NOT NULL,
    import_id                uuid        NULL,
    payload                  jsonb       NULL,
    submitted                integer     NOT NULL,
    processed                integer     NOT NULL DEFAULT 0,
    responses                jsonb       NOT NULL DEFAULT '[]',
    cause                    text        NOT NULL,
    created_at               timestamptz NOT NULL,
    finished_at              timestamptz NULL,
    CONSTRAINT pk_gpd_massive_files PRIMARY KEY (id),
    CONSTRAINT ux_gpd_massive_files_hash UNIQUE (organization_fiscal_code, operation, file_hash)
);
CREATE INDEX ix_gpd_massive_files_pending ON debt_positions.gpd_massive_files (created_at) WHERE finished_at IS NULL AND import_id IS NULL;
CREATE INDEX ix_gpd_massive_files_org ON debt_positions.gpd_massive_files (organization_fiscal_code, broker_code, created_at, id);
