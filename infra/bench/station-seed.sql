-- 10 000 VALID notices (NAV 3020000 + 11 digits: segregation code 02, never allocated to the demo EC, so no seeded NAV collides with a real, already paid notice) for the station benchmark.
INSERT INTO node_adapter.notices (organization_fiscal_code, iuv, nav, iupd, position_version, content_version, position_status,
    option_status, is_partial_payment, validity_date, amount_cents, description, due_date, retention_date, company_name, office_name,
    debtor, transfers, metadata, updated_at)
SELECT '77777777777', '020000' || lpad(n::text, 11, '0'), '3020000' || lpad(n::text, 11, '0'), 'BENCH-' || n, 1, 1, 'VALID',
    'PO_UNPAID', false, NULL, 12050, 'TARI 2026', DATE '2026-12-31', NULL, 'Comune di Demo', NULL,
    '{"type":"F","fiscalCode":"RSSMRA80A01H501U","fullName":"Mario Rossi"}',
    '[{"idTransfer":1,"amountCents":12050,"organizationFiscalCode":"77777777777","companyName":"Comune di Demo","remittanceInformation":"TARI 2026","category":"9/0101108TS/","iban":"IT60X0542811101000000123456","postalIban":null,"stamp":null,"metadata":{}}]',
    '{}', now()
FROM generate_series(1, 10000) AS n
ON CONFLICT DO NOTHING;
