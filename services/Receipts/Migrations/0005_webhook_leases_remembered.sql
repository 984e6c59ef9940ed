-- ADR 0098. The deliveries a subscription has leased (in flight), written by the claim that leased them: the next claim
-- counts its free slots by looking these few ids up, not by reading its whole queue, which under load is thousands of
-- pending rows. Leases taken before this migration are not listed; they expire within a lease's length.
ALTER TABLE receipts.webhook_subscriptions ADD COLUMN leased_deliveries uuid[] NOT NULL DEFAULT '{}';
