-- A transfer is identified by its notice and its idTransfer (1–5), as in GPD: the surrogate id was never referenced,
-- yet cost every transfer a sequence value and an index entry of its own (a million of each in a million-row import,
-- ADR 0021). The unique key becomes the primary key. PostgreSQL builds the new index, so on a large table this
-- migration takes a while under an exclusive lock (docs/operations.md).
ALTER TABLE debt_positions.transfers DROP COLUMN id;
ALTER TABLE debt_positions.transfers
  DROP CONSTRAINT ux_transfers_option_id_transfer,
  ADD CONSTRAINT pk_transfers PRIMARY KEY (payment_option_id, id_transfer);
