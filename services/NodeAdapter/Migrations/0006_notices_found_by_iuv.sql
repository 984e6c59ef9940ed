-- A notice number (NAV) is its aux digit, the application code when the aux digit is 0, and the IUV (NOTES §1), so a
-- notice is found by NAV through the IUV inside it, on the primary key (NoticeLookup). The unique index on the NAV was
-- one more index entry, with its uniqueness probe, written for every notice (a million in a million-row import); the
-- NAV stays unique without it because the IUV it contains is the primary key. Like DebtPositions' 0017.
ALTER TABLE node_adapter.notices DROP CONSTRAINT ux_notices_org_nav;
