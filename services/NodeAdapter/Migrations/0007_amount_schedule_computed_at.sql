-- When Actualisation computed the stored schedule. A schedule recomputed for the same position version (a new day, a
-- rule table applied) replaces the stored one only if it was computed later, so a redelivered older computation cannot
-- bring back yesterday's amount: the same rule as IuvIssuance's notice_schedules. Null for rows stored before it.
ALTER TABLE node_adapter.amount_schedules ADD COLUMN computed_at timestamptz;
