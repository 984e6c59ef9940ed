-- The same movement in two files counts once (ADR 0053): the later copy is kept, of kind 'duplicate', pointing at
-- the movement it repeats; the views count only collections, reversals and debits, so it adds nothing.
ALTER TABLE reporting.treasury_movements ADD COLUMN duplicate_of bigint NULL REFERENCES reporting.treasury_movements (id);
ALTER TABLE reporting.treasury_files ADD COLUMN already_known_count integer NOT NULL DEFAULT 0;

-- A statement's stated balances against its booked entries (ADR 0054): balanced, unbalanced (stored at the
-- operator's request, with what did not add up) or not-stated. Files imported before were not checked.
ALTER TABLE reporting.treasury_files ADD COLUMN balance_check text NOT NULL DEFAULT 'not-stated';
ALTER TABLE reporting.treasury_files ADD COLUMN balance_problems text NULL;
