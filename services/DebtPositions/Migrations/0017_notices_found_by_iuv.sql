-- A notice number (NAV) is its aux digit, the application code when the aux digit is 0, and the IUV (NOTES §1): the
-- search by NAV looks the IUV up in ux_payment_options_org_iuv. The index by NAV was one more entry written for every
-- notice (a million in a million-row import) that no query needed.
DROP INDEX debt_positions.ix_payment_options_org_nav;
