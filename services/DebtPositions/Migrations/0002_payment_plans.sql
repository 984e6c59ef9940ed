-- GPD v3 groups instalments into payment options; a position may offer several plans (pay in 2 or in
-- 3) next to single notices. Instalments of one plan share payment_plan_id; NULL on an instalment is
-- the one implicit plan of a v1 position (v1 cannot name plans). plan_description is v3's write-only
-- paymentOption.description, kept so an update does not lose it.
ALTER TABLE debt_positions.payment_options
    ADD COLUMN payment_plan_id  text NULL,
    ADD COLUMN plan_description text NULL;
