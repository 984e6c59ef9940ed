-- The money collected per EC and Italian payment day (ADR 0093): a read model the payment consumer keeps in the
-- transaction that stores the paid transfers, so the back office home reads one row instead of the reconciliation
-- view, which computes every transfer of the EC. Only transfers stored for the first time are added: a redelivered
-- payment is filtered out before (natural key), and a concurrent copy rolls back on the paid transfers' key.
CREATE TABLE reporting.day_collections (
    organization_fiscal_code  text   NOT NULL,
    day                       date   NOT NULL,
    transfers                 bigint NOT NULL,
    cents                     bigint NOT NULL,
    CONSTRAINT pk_day_collections PRIMARY KEY (organization_fiscal_code, day)
);

INSERT INTO reporting.day_collections (organization_fiscal_code, day, transfers, cents)
SELECT organization_fiscal_code, (payment_date_time AT TIME ZONE 'Europe/Rome')::date, count(*), sum(amount_cents)
FROM reporting.paid_transfers
GROUP BY 1, 2;
