-- Lookups by external reference are equalities (which imply NOT NULL) and most positions (bulk imports) carry none:
-- the index keeps only the positions that have one, so an import without the column writes one index entry less per row.
DROP INDEX debt_positions.ix_positions_org_external_reference;
CREATE INDEX ix_positions_org_external_reference ON debt_positions.positions (organization_fiscal_code, external_reference)
    WHERE external_reference IS NOT NULL;
