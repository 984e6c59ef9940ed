-- The stated balances of every statement (or page) of an account (ADR 0066). A day's statement split over several files
-- or pages, and one day after another, must chain: each opens with the closing balance of the one before on the same
-- account. A link that does not is a gap: a file or page missing, or one that does not belong.
CREATE TABLE reporting.treasury_statement_balances (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_fiscal_code  text        NOT NULL,
    file_id                   bigint      NOT NULL REFERENCES reporting.treasury_files (id),
    position                  text        NOT NULL,
    statement_id              text        NULL,
    account                   text        NOT NULL,
    currency                  text        NOT NULL,
    sequence                  bigint      NULL,
    page                      integer     NULL,
    opening_date              date        NOT NULL,
    opening_cents             bigint      NOT NULL,
    closing_date              date        NULL,
    closing_cents             bigint      NOT NULL
);
CREATE INDEX ix_treasury_statement_balances_account ON reporting.treasury_statement_balances (organization_fiscal_code, account, currency);

-- Each statement next to the one before it on its account: ordered by opening date, then closing date, the bank's
-- sequence number and page, then arrival. The same statement in two files (a re-export) is one link.
CREATE VIEW reporting.treasury_balance_chain AS
WITH distinct_statements AS (
    SELECT DISTINCT ON (organization_fiscal_code, account, currency, opening_date, closing_date, opening_cents, closing_cents,
                        coalesce(statement_id, ''), coalesce(page, 0)) *
    FROM reporting.treasury_statement_balances
    ORDER BY organization_fiscal_code, account, currency, opening_date, closing_date, opening_cents, closing_cents,
             coalesce(statement_id, ''), coalesce(page, 0), id
), chained AS (
    SELECT s.*, lag(s.id) OVER (PARTITION BY s.organization_fiscal_code, s.account, s.currency
                                ORDER BY s.opening_date, s.closing_date NULLS LAST, s.sequence NULLS LAST, s.page NULLS LAST, s.file_id, s.id) AS previous_id
    FROM distinct_statements s
)
SELECT c.id, c.organization_fiscal_code, c.account, c.currency, c.file_id, c.position, c.statement_id, c.page, c.opening_date, c.opening_cents,
       p.file_id AS previous_file_id, p.position AS previous_position, p.statement_id AS previous_statement_id, p.page AS previous_page,
       p.closing_date AS previous_closing_date, p.closing_cents AS previous_closing_cents, c.opening_cents - p.closing_cents AS gap_cents
FROM chained c
JOIN reporting.treasury_statement_balances p ON p.id = c.previous_id;
