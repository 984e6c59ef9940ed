-- What a receipt paid for a notice (issue 16): a rule may move the amount due away from the printed one, and the
-- statement, the GPD answers and the reconciliation must agree on the money. NULL = unpaid, or paid before this column.
ALTER TABLE debt_positions.payment_options ADD COLUMN amount_paid bigint NULL;
