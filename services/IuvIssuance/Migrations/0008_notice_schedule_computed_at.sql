-- Recomputed schedules (at midnight in Rome, on a rule-table change) keep their position version: when Actualisation
-- computed a schedule decides between two of the same version. Null for rows stored before: any newer one replaces them.
ALTER TABLE iuv_issuance.notice_schedules ADD COLUMN computed_at timestamptz;
