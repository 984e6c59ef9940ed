-- The index by position served one thing: finding the NAV rows of a position to replace them when a newer snapshot
-- arrives. Those rows are exactly the NAVs of the position's stored snapshot, so they are found by primary key from it
-- (ADR 0021), and a bulk import no longer writes an index entry per notice for them (a million in a million-row import).
DROP INDEX iuv_issuance.ix_notice_navs_position;
