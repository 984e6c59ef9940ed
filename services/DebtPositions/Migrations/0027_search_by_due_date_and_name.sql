-- The back office's searches at scale (docs/bench/search-plans.md, ADRs 0082–0083).
-- Due dates: the list API (ListFilter) and the home's counts look for a notice of the EC due within a window. The key
-- leads with the EC, as every query of it names one; position_id is carried in the index, so the window's notices are
-- read without visiting the table. One more entry per notice written: the price of a list by due date that does not
-- read every notice of the EC.
CREATE INDEX ix_payment_options_org_due_date ON debt_positions.payment_options (organization_fiscal_code, due_date) INCLUDE (position_id);
-- Names: "contains, any case" (ILIKE '%…%') has no btree; trigrams do. pg_trgm is a trusted extension (PostgreSQL 13+),
-- so the service's own role may create it; in public, so that every schema finds its operator class.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX ix_positions_full_name_trgm ON debt_positions.positions USING gin (full_name public.gin_trgm_ops);
