-- A foreign-key check per NAV row made each insert many times dearer, and a bulk import writes a million
-- (docs/bench/bulk-import.md). A NAV row is only ever written with its position, in its transaction: by the
-- NoticePosition aggregate (EF, Navs collection) or by the bulk consumer's one statement, which inserts NAVs only
-- for the positions it has just written; positions are never deleted by the service (ADR 0012).
ALTER TABLE iuv_issuance.notice_navs DROP CONSTRAINT fk_notice_navs_notice_positions;
