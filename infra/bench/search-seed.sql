-- Scratch data for the back office's search plans (docs/bench/search-plans.md). Run on a SCRATCH database after
-- DebtPositions' migrations, never on a live one:
--   createdb search_plans && for f in services/DebtPositions/Migrations/*.sql; do psql -q -d search_plans -c 'CREATE SCHEMA IF NOT EXISTS debt_positions' -f "$f"; done
--   psql -d search_plans -v positions=600000 -f infra/bench/search-seed.sql
-- 80 % of the positions in EC 77777777777, the rest spread over 40 ECs; one notice each (every tenth has two
-- instalments); 5 % of the notices have a debtor of their own; due dates over two years; names from a small list.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE names (i int, n text);
INSERT INTO names SELECT row_number() OVER () - 1, n FROM unnest(ARRAY['ROSSI','RUSSO','FERRARI','ESPOSITO','BIANCHI',
  'ROMANO','COLOMBO','RICCI','MARINO','GRECO','BRUNO','GALLO','CONTI','DE LUCA','MANCINI','COSTA','GIORDANO','RIZZO',
  'LOMBARDI','MORETTI','BARBIERI','FONTANA','SANTORO','MARIANI','RINALDI','CARUSO','FERRARA','GALLI','MARTINI','LEONE']) n;
CREATE TEMP TABLE given (i int, n text);
INSERT INTO given SELECT row_number() OVER () - 1, n FROM unnest(ARRAY['MARIO','LUCA','GIULIA','ANNA','MARCO','SARA',
  'PAOLO','CHIARA','FRANCESCO','ELENA','GIUSEPPE','LAURA','ANDREA','MARTA','STEFANO','SILVIA','ROBERTO','VALENTINA']) n;

INSERT INTO debt_positions.positions (organization_fiscal_code, iupd, status, version, type, fiscal_code, full_name,
  company_name, switch_to_expired, pay_stand_in, payment_date, inserted_date, publish_date, last_updated_date, revenue_type)
SELECT CASE WHEN g % 5 = 0 THEN lpad((10000000000 + g % 40)::text, 11, '0') ELSE '77777777777' END,
       'IUPD-' || g,
       (ARRAY['VALID','VALID','VALID','PAID','DRAFT','PUBLISHED','EXPIRED','INVALID','PARTIALLY_PAID','VALID'])[1 + g % 10],
       1, 'F', 'CF' || lpad((g % 200000)::text, 14, '0'),
       (SELECT n FROM names WHERE i = (g * 7) % 30) || ' ' || (SELECT n FROM given WHERE i = (g * 13) % 18) || ' ' || g,
       'Comune', false, false,
       CASE WHEN g % 10 = 3 THEN now() - (g % 700) * interval '1 day' END,
       now() - (g % 700) * interval '1 day', now(), now(), (ARRAY['TARI','IMU','CDS'])[1 + g % 3]
FROM generate_series(1, :positions) g;

INSERT INTO debt_positions.payment_options (position_id, organization_fiscal_code, iuv, nav, amount, description,
  is_partial_payment, due_date, fee, notification_fee, status, metadata, inserted_date, last_updated_date, debtor)
SELECT p.id, p.organization_fiscal_code, lpad((p.id * 2 + k)::text, 17, '0'), '3' || lpad((p.id * 2 + k)::text, 17, '0'),
       10000, 'Rata', k = 1 OR (p.id % 10 = 0),
       date '2026-01-01' + ((p.id * 37 + k * 30) % 730) * interval '1 day', 0, 0, 'PO_UNPAID', '[]', now(), now(),
       CASE WHEN p.id % 20 = 0 THEN jsonb_build_object('fiscalCode', 'CO' || lpad((p.id % 5000)::text, 14, '0'), 'fullName', 'COOBBLIGATO ' || p.id) END
FROM debt_positions.positions p, generate_series(0, 1) k
WHERE k = 0 OR p.id % 10 = 0;
COMMIT;
ANALYZE debt_positions.positions;
ANALYZE debt_positions.payment_options;
