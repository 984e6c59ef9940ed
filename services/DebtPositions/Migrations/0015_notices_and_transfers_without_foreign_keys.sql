-- A foreign-key check made each notice and transfer insert many times dearer (docs/bench/bulk-import.md); a bulk import
-- writes a million of each. Integrity without them (docs/decisions/0012-bulk-import-path-costs.md): notices and
-- transfers are only ever written together with their position, in its transaction, by the aggregate (EF) or by the
-- import's writer (ids reserved from the parents' sequences in that transaction), and deleted only through the
-- aggregate, which loads and deletes them. History keeps its foreign key (it is not on the import's path any more).
ALTER TABLE debt_positions.payment_options DROP CONSTRAINT payment_options_position_id_fkey;
ALTER TABLE debt_positions.transfers DROP CONSTRAINT transfers_payment_option_id_fkey;
