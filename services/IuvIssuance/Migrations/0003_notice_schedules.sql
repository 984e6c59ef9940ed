-- Amount schedules from Actualisation (AmountScheduleComputed), one per notice: a fine's notice
-- prints the reduced / ordinary / increased amounts with their dates. The schedule computed from
-- the highest position version wins.
CREATE TABLE iuv_issuance.notice_schedules (
    organization_fiscal_code  text        NOT NULL,
    iuv                       text        NOT NULL,
    iupd                      text        NOT NULL,
    position_version          bigint      NOT NULL,
    steps                     jsonb       NOT NULL,
    received_at               timestamptz NOT NULL,
    CONSTRAINT pk_notice_schedules PRIMARY KEY (organization_fiscal_code, iuv)
);
CREATE INDEX ix_notice_schedules_position ON iuv_issuance.notice_schedules (organization_fiscal_code, iupd);
