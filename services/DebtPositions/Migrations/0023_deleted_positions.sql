-- GPD deletes any position not paid yet, and lets the EC create one with the same IUPD afterwards. Every consumer of
-- DebtPositionChanged keeps the highest version of an IUPD, so a new position must continue the versions of the one
-- deleted (docs/decisions/0044): the last version of each deleted IUPD is kept here.
CREATE TABLE debt_positions.deleted_positions (
    organization_fiscal_code text        NOT NULL,
    iupd                     text        NOT NULL,
    last_version             bigint      NOT NULL,
    deleted_at               timestamptz NOT NULL,
    CONSTRAINT pk_deleted_positions PRIMARY KEY (organization_fiscal_code, iupd)
);
