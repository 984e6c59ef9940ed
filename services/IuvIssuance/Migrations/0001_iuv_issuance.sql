-- Per-EC issuing configuration: aux digit 3 with a segregation code (the AgID default), or the
-- deprecated aux digit 0 with an application code (NOTES §1).
CREATE TABLE iuv_issuance.organizations (
    organization_fiscal_code  text        PRIMARY KEY,
    aux_digit                 smallint    NOT NULL CHECK (aux_digit IN (0, 3)),
    segregation_code          text        NULL CHECK (segregation_code ~ '^[0-9]{2}$'),
    application_code          text        NULL CHECK (application_code ~ '^[0-9]{2}$'),
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    CHECK (aux_digit <> 3 OR segregation_code IS NOT NULL),
    CHECK (aux_digit <> 0 OR application_code IS NOT NULL)
);

-- One counter per IUV space (EC, aux digit, segregation/application code): changing an EC's
-- configuration and back resumes its old space instead of re-issuing numbers. A block of n numbers
-- is taken by advancing next_base by n in one statement; the row lock serialises allocators of
-- every replica. The 13-digit base caps the space at 10^13 numbers.
CREATE TABLE iuv_issuance.counters (
    organization_fiscal_code  text     NOT NULL,
    aux_digit                 smallint NOT NULL,
    code                      text     NOT NULL,
    next_base                 bigint   NOT NULL CHECK (next_base BETWEEN 0 AND 10000000000000),
    CONSTRAINT pk_counters PRIMARY KEY (organization_fiscal_code, aux_digit, code)
);
