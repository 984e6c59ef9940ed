-- Every replica's in-memory cache of the station's read model (Notices/NoticeCache.cs, ADR 0013) must
-- forget a notice as soon as anything that changes its verify/get-payment answer commits, whoever wrote
-- it (the EF consumers, the bulk consumer's set-based statements, a receipt, a hand-made fix in psql).
-- Statement-level triggers send one NOTIFY per statement, delivered only on commit:
--   payload = comma-separated keys 'i' || md5(organization || ' ' || iuv) (a notice or its schedule changed)
--   and 'p' || md5(organization || ' ' || iupd) (a receipt arrived for the position), or '*' (too many keys:
--   forget everything). Hashed so that no IUPD, whatever characters it holds, can break the list apart.
-- Inserts into notices are not signalled: the cache never remembers a notice it did not find, so a new
-- row cannot contradict anything cached. The transition tables hold only the rows a statement really
-- changed, so a fresh bulk import (INSERT ... ON CONFLICT that inserts) pays nothing for this.

CREATE FUNCTION node_adapter.notify_notice_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total integer;
    keys text;
BEGIN
    SELECT count(*), string_agg('i' || md5(organization_fiscal_code || ' ' || iuv), ',')
      INTO total, keys
      FROM (SELECT DISTINCT organization_fiscal_code, iuv FROM changed_rows LIMIT 201) AS k;
    IF total = 0 THEN RETURN NULL; END IF;
    -- NOTIFY payloads must stay under 8000 bytes.
    IF total > 200 OR octet_length(keys) > 7900 THEN keys := '*'; END IF;
    PERFORM pg_notify('node_adapter_notice_changes', keys);
    RETURN NULL;
END $$;

CREATE FUNCTION node_adapter.notify_receipt_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    total integer;
    keys text;
BEGIN
    SELECT count(*), string_agg(k.key, ',')
      INTO total, keys
      FROM (SELECT DISTINCT key FROM (
              SELECT 'i' || md5(notice_fiscal_code || ' ' || iuv) AS key FROM changed_rows
              UNION ALL
              SELECT 'p' || md5(notice_fiscal_code || ' ' || iupd) FROM changed_rows WHERE iupd IS NOT NULL) AS all_keys
            LIMIT 201) AS k;
    IF total = 0 THEN RETURN NULL; END IF;
    IF total > 200 OR octet_length(keys) > 7900 THEN keys := '*'; END IF;
    PERFORM pg_notify('node_adapter_notice_changes', keys);
    RETURN NULL;
END $$;

CREATE TRIGGER tr_notices_updated AFTER UPDATE ON node_adapter.notices
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_notice_rows_changed();
CREATE TRIGGER tr_notices_deleted AFTER DELETE ON node_adapter.notices
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_notice_rows_changed();

-- A schedule may arrive after its notice was cached without one: inserts count here.
CREATE TRIGGER tr_amount_schedules_inserted AFTER INSERT ON node_adapter.amount_schedules
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_notice_rows_changed();
CREATE TRIGGER tr_amount_schedules_updated AFTER UPDATE ON node_adapter.amount_schedules
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_notice_rows_changed();
CREATE TRIGGER tr_amount_schedules_deleted AFTER DELETE ON node_adapter.amount_schedules
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_notice_rows_changed();

-- A receipt makes its notice (and, when it settles the position, the position's other notices) a duplicate.
CREATE TRIGGER tr_receipt_log_inserted AFTER INSERT ON node_adapter.receipt_log
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_receipt_rows_changed();
CREATE TRIGGER tr_receipt_log_updated AFTER UPDATE ON node_adapter.receipt_log
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_receipt_rows_changed();
CREATE TRIGGER tr_receipt_log_deleted AFTER DELETE ON node_adapter.receipt_log
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_receipt_rows_changed();

-- TRUNCATE fires no row or UPDATE/DELETE trigger, only its own: forget everything.
CREATE FUNCTION node_adapter.notify_all_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('node_adapter_notice_changes', '*');
    RETURN NULL;
END $$;

CREATE TRIGGER tr_notices_truncated AFTER TRUNCATE ON node_adapter.notices
    FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_all_rows_changed();
CREATE TRIGGER tr_amount_schedules_truncated AFTER TRUNCATE ON node_adapter.amount_schedules
    FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_all_rows_changed();
CREATE TRIGGER tr_receipt_log_truncated AFTER TRUNCATE ON node_adapter.receipt_log
    FOR EACH STATEMENT EXECUTE FUNCTION node_adapter.notify_all_rows_changed();
