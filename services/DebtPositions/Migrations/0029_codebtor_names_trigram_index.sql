-- The search by name (Statement/NameSearchApi.cs, ADR 0094) finds jointly liable debtors too: a notice's own debtor
-- (payment_options.debtor, jsonb). Trigrams of the name, as for the position's debtor (0027). Partial: only notices
-- with a debtor of their own are indexed, so an import of ordinary positions writes no entry here.
CREATE INDEX ix_payment_options_debtor_name_trgm ON debt_positions.payment_options
    USING gin ((debtor ->> 'fullName') public.gin_trgm_ops) WHERE debtor IS NOT NULL;
