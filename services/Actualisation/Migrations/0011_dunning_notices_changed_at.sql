-- When the position event a dunning notice was taken from was committed (ADR 0073): a notice of the same position
-- version is replaced only by an event committed strictly later. Rows stored before this column (null) take the next
-- event of their version.
ALTER TABLE actualisation.dunning_notices ADD COLUMN position_changed_at timestamptz NULL;
