-- The lifecycle job (Lifecycle/LifecycleJob.cs) runs every 30 s. Its one query with an OR over two statuses had no
-- index to use and read the whole positions table each time, a cost growing with every import. Each transition now has a partial index holding only its candidates, so the job reads
-- what may be due, and a bulk import of VALID positions without switchToExpired adds no entry to either.
CREATE INDEX ix_positions_publish_candidates ON debt_positions.positions (validity_date) WHERE status = 'PUBLISHED';
CREATE INDEX ix_positions_expiry_candidates ON debt_positions.positions (id) WHERE status = 'VALID' AND switch_to_expired;
