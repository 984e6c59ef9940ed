-- Bulk imports (docs/decisions/0008-bulk-import.md). The uploaded file is stored as 1 MiB chunks while it
-- streams in, so no process ever holds it whole and any replica can run the job.
CREATE TABLE debt_positions.imports (
    id                        uuid        PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    -- SHA-256 of the (decompressed) file, set when the upload completes: the same file twice is one import.
    file_hash                 text        NULL,
    file_name                 text        NULL,
    format                    text        NOT NULL CHECK (format IN ('csv', 'json')),
    file_bytes                bigint      NOT NULL DEFAULT 0,
    to_publish                boolean     NOT NULL,
    cause                     text        NOT NULL,
    status                    text        NOT NULL,
    rows_read                 bigint      NOT NULL DEFAULT 0,
    rows_imported             bigint      NOT NULL DEFAULT 0,
    rows_rejected             bigint      NOT NULL DEFAULT 0,
    -- Bytes of the file parsed up to the last committed chunk: progress and ETA before the row count is known.
    bytes_read                bigint      NOT NULL DEFAULT 0,
    -- Chunks committed so far: the job resumes after the last one (its rows are skipped on re-read).
    chunks_done               integer     NOT NULL DEFAULT 0,
    cancel_requested          boolean     NOT NULL DEFAULT false,
    failure                   text        NULL,
    created_at                timestamptz NOT NULL,
    started_at                timestamptz NULL,
    finished_at               timestamptz NULL,
    updated_at                timestamptz NOT NULL,
    CONSTRAINT ux_imports_org_hash UNIQUE (organization_fiscal_code, file_hash)
);
CREATE INDEX ix_imports_pending ON debt_positions.imports (created_at) WHERE status IN ('QUEUED', 'RUNNING');

CREATE TABLE debt_positions.import_chunks (
    import_id  uuid    NOT NULL REFERENCES debt_positions.imports (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    data       bytea   NOT NULL,
    CONSTRAINT pk_import_chunks PRIMARY KEY (import_id, seq)
);

-- One row per rejected field of a rejected row (GET …/imports/{id}/errors as CSV).
CREATE TABLE debt_positions.import_errors (
    import_id  uuid   NOT NULL REFERENCES debt_positions.imports (id) ON DELETE CASCADE,
    line       bigint NOT NULL,
    iupd       text   NULL,
    field      text   NOT NULL,
    reason     text   NOT NULL
);
CREATE INDEX ix_import_errors_import ON debt_positions.import_errors (import_id, line);
