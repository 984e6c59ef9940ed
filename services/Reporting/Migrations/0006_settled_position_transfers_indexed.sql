-- The reconciliation view (0003) takes from position_transfers only the transfers of settled notices (not PO_UNPAID)
-- that no receipt covers. An EC's transfers are mostly unpaid ones (every imported notice has one), so that branch
-- read every transfer of the EC on each query: the back office home (three such queries, in parallel) took seconds
-- for an EC with millions of notices. Partial: only settled notices' transfers are indexed, so an import of unpaid
-- positions writes no entry here.
CREATE INDEX ix_position_transfers_settled ON reporting.position_transfers (organization_fiscal_code, iuv, id_transfer)
    WHERE option_status <> 'PO_UNPAID';
