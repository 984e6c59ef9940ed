-- The debtor statement (Statement/StatementApi.cs), which the back office's search by fiscal code reads, finds a
-- debtor's positions as the position's debtor (ix_positions_org_fiscal_code) or as the own debtor of one of its
-- notices (jointly liable debtors: payment_options.debtor, jsonb). The second had no index: every search read every
-- notice of the platform. Partial: only notices with a debtor of their own are indexed, so an import of ordinary
-- positions writes no entry here. jsonb_path_ops answers the statement's containment test (debtor @> {fiscalCode}).
CREATE INDEX ix_payment_options_debtor ON debt_positions.payment_options USING gin (debtor jsonb_path_ops) WHERE debtor IS NOT NULL;
