-- The three-way reconciliation (docs/treasury.md, ADR 0027) is these views and nothing else: labels are computed
-- from the current state of the four sources each time they are read, so any late arrival (a credit before its
-- flow, a revised flow, a receipt healed later) re-evaluates everything it touches, and a manual decision on a
-- movement is one of the inputs, never overwritten.

-- Which flow (or, for a single-payment credit, which IUV) each movement pays.
CREATE VIEW reporting.movement_matches AS
SELECT m.id, m.organization_fiscal_code, m.kind, m.is_credit, m.amount_cents, m.booking_date, m.flow_id AS read_flow_id,
       m.iuv AS read_iuv, m.manual_state,
       CASE WHEN m.kind NOT IN ('collection', 'reversal', 'debit') THEN NULL
            WHEN m.manual_state = 'matched' THEN m.manual_flow_id
            WHEN m.manual_state = 'unmatched' THEN NULL
            ELSE f.flow_id END AS matched_flow_id,
       CASE WHEN m.kind IN ('collection', 'reversal', 'debit') AND m.manual_state IS NULL AND f.flow_id IS NULL THEN m.iuv END AS matched_iuv,
       -- A reversal of a credit or a debit quoting the flow takes the money back; a reversal of a debit is not a collection.
       CASE WHEN m.kind = 'collection' THEN m.amount_cents
            WHEN m.kind IN ('reversal', 'debit') AND NOT m.is_credit THEN -m.amount_cents
            ELSE 0 END AS signed_cents
FROM reporting.treasury_movements m
LEFT JOIN LATERAL (
    SELECT fl.flow_id FROM reporting.flows fl
    WHERE m.flow_id IS NOT NULL AND fl.organization_fiscal_code = m.organization_fiscal_code AND upper(fl.flow_id) = upper(m.flow_id)
    ORDER BY fl.flow_id LIMIT 1) f ON true;

CREATE VIEW reporting.flow_cash AS
SELECT organization_fiscal_code, matched_flow_id AS flow_id, sum(signed_cents)::bigint AS cashed_cents,
       array_agg(id ORDER BY id) AS movement_ids, max(booking_date) AS last_booking_date
FROM reporting.movement_matches WHERE matched_flow_id IS NOT NULL
GROUP BY organization_fiscal_code, matched_flow_id;

CREATE VIEW reporting.iuv_cash AS
SELECT organization_fiscal_code, matched_iuv AS iuv, sum(signed_cents)::bigint AS cashed_cents,
       array_agg(id ORDER BY id) AS movement_ids, max(booking_date) AS last_booking_date
FROM reporting.movement_matches WHERE matched_iuv IS NOT NULL
GROUP BY organization_fiscal_code, matched_iuv;

-- Movements with their reconciliation label: TES_NO_MATCH (no pagoPA id could be read, or an operator unmatched it),
-- TES_NO_IUF_OR_IUV (an id was read but no flow / no receipt has it).
CREATE VIEW reporting.movement_reconciliation AS
SELECT mm.*, fc.cashed_cents AS flow_cashed_cents, fl.declared_total_amount_cents AS flow_total_cents,
       CASE WHEN mm.kind <> 'collection' THEN NULL
            WHEN mm.matched_flow_id IS NOT NULL THEN CASE WHEN fc.cashed_cents = fl.declared_total_amount_cents THEN 'RT_IUF_TES' ELSE 'IUF_TES_DIV_IMP' END
            WHEN mm.matched_iuv IS NOT NULL AND EXISTS (SELECT 1 FROM reporting.paid_transfers t
                 WHERE t.organization_fiscal_code = mm.organization_fiscal_code AND t.iuv = mm.matched_iuv) THEN 'RT_TES'
            WHEN mm.manual_state IS NULL AND (mm.read_flow_id IS NOT NULL OR mm.read_iuv IS NOT NULL) THEN 'TES_NO_IUF_OR_IUV'
            ELSE 'TES_NO_MATCH' END AS label
FROM reporting.movement_matches mm
LEFT JOIN reporting.flow_cash fc ON fc.organization_fiscal_code = mm.organization_fiscal_code AND fc.flow_id = mm.matched_flow_id
LEFT JOIN reporting.flows fl ON fl.organization_fiscal_code = mm.organization_fiscal_code AND fl.flow_id = mm.matched_flow_id;

-- One row per transfer key (EC, IUV, IUR, transfer index) known to any source, with what each source says.
CREATE VIEW reporting.transfer_sources AS
WITH live_rows AS (
    SELECT DISTINCT ON (r.organization_fiscal_code, r.iuv, r.iur, r.id_transfer)
           r.organization_fiscal_code, r.iuv, r.iur, r.id_transfer, r.flow_id, r.amount_cents, r.outcome
    FROM reporting.flow_rows r WHERE r.outcome <> 3 AND r.match_status <> 'duplicate'
    ORDER BY r.organization_fiscal_code, r.iuv, r.iur, r.id_transfer, (r.match_status = 'matched') DESC, r.id
), reported_twice AS (
    SELECT organization_fiscal_code, iuv, id_transfer FROM reporting.flow_rows WHERE outcome <> 3
    GROUP BY organization_fiscal_code, iuv, id_transfer HAVING count(DISTINCT iur) > 1
), keys AS (
    SELECT organization_fiscal_code, iuv, receipt_id AS iur, id_transfer FROM reporting.paid_transfers
    UNION
    SELECT organization_fiscal_code, iuv, iur, id_transfer FROM live_rows
    UNION
    -- A revocation alone says nothing of a payment: such a key is UNKNOWN.
    SELECT organization_fiscal_code, iuv, iur, id_transfer FROM reporting.flow_rows WHERE outcome = 3
    UNION
    -- The EC's position says paid, no receipt says so.
    SELECT p.organization_fiscal_code, p.iuv, '', p.id_transfer FROM reporting.position_transfers p
    WHERE p.option_status <> 'PO_UNPAID' AND NOT EXISTS (SELECT 1 FROM reporting.paid_transfers t
          WHERE t.organization_fiscal_code = p.organization_fiscal_code AND t.iuv = p.iuv AND t.id_transfer = p.id_transfer)
)
SELECT k.organization_fiscal_code, k.iuv, k.iur, k.id_transfer,
       t.amount_cents AS paid_cents, t.payment_date_time, t.psp_id,
       (sum(t.amount_cents) OVER (PARTITION BY k.organization_fiscal_code, k.iuv, k.iur))::bigint AS receipt_cents,
       coalesce(t.category, p.category) AS category,
       r.flow_id, r.amount_cents AS reported_cents, r.outcome, f.psp_id AS flow_psp_id, f.regulation_date,
       f.declared_total_amount_cents AS flow_total_cents,
       fc.cashed_cents AS flow_cashed_cents, fc.movement_ids AS flow_movement_ids, fc.last_booking_date AS flow_booking_date,
       ic.cashed_cents AS iuv_cashed_cents, ic.movement_ids AS iuv_movement_ids, ic.last_booking_date AS iuv_booking_date,
       p.iupd, p.amount_cents AS expected_cents, p.option_status, p.accounting_chapter, p.accounting_assessment,
       d.iuv IS NOT NULL AS reported_twice
FROM keys k
LEFT JOIN reporting.paid_transfers t
       ON t.organization_fiscal_code = k.organization_fiscal_code AND t.iuv = k.iuv AND t.receipt_id = k.iur AND t.id_transfer = k.id_transfer
LEFT JOIN live_rows r
       ON r.organization_fiscal_code = k.organization_fiscal_code AND r.iuv = k.iuv AND r.iur = k.iur AND r.id_transfer = k.id_transfer
LEFT JOIN reporting.flows f ON f.organization_fiscal_code = r.organization_fiscal_code AND f.flow_id = r.flow_id
LEFT JOIN reporting.flow_cash fc ON fc.organization_fiscal_code = r.organization_fiscal_code AND fc.flow_id = r.flow_id
LEFT JOIN reporting.iuv_cash ic ON ic.organization_fiscal_code = k.organization_fiscal_code AND ic.iuv = k.iuv
LEFT JOIN reporting.position_transfers p
       ON p.organization_fiscal_code = k.organization_fiscal_code AND p.iuv = k.iuv AND p.id_transfer = k.id_transfer
LEFT JOIN reported_twice d ON d.organization_fiscal_code = k.organization_fiscal_code AND d.iuv = k.iuv AND d.id_transfer = k.id_transfer;

-- The labels of pagoPA's Piattaforma Unitaria (RECONCILIATION.md §3.1), several per transfer, UNKNOWN when none applies.
CREATE VIEW reporting.transfer_reconciliation AS
SELECT s.*,
       CASE WHEN cardinality(l.labels) = 0 THEN ARRAY['UNKNOWN'] ELSE l.labels END AS labels,
       CASE WHEN s.paid_cents IS NULL THEN CASE WHEN s.reported_cents IS NULL THEN 'expected' ELSE 'reported-without-receipt' END
            WHEN l.labels && ARRAY['RT_IUF_TES', 'RT_TES'] THEN 'cashed'
            WHEN 'RT_IUF' = ANY (l.labels) THEN 'reported'
            ELSE 'paid' END AS state
FROM reporting.transfer_sources s
CROSS JOIN LATERAL (SELECT s.paid_cents IS NOT NULL AS rt, s.reported_cents IS NOT NULL AS iuf, s.expected_cents IS NOT NULL AS iud,
                           s.flow_cashed_cents IS NOT NULL AS tes) h
CROSS JOIN LATERAL (SELECT coalesce(h.rt AND h.iuf AND s.paid_cents = s.reported_cents, false) AS rt_iuf,
                           coalesce(h.tes AND s.flow_cashed_cents = s.flow_total_cents, false) AS cashed_in_full,
                           coalesce(h.rt AND NOT h.iuf AND s.iuv_cashed_cents = s.receipt_cents, false) AS rt_tes) c
CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
    CASE WHEN s.reported_twice THEN 'DOPPI' END,
    CASE WHEN c.rt_iuf AND h.iud AND s.expected_cents = s.paid_cents AND c.cashed_in_full THEN 'IUD_RT_IUF_TES' END,
    CASE WHEN c.rt_iuf AND h.iud AND s.expected_cents = s.paid_cents AND NOT h.tes THEN 'IUD_RT_IUF' END,
    CASE WHEN c.rt_iuf AND c.cashed_in_full THEN 'RT_IUF_TES' END,
    CASE WHEN c.rt_iuf THEN 'RT_IUF' END,
    CASE WHEN c.rt_tes THEN 'RT_TES' END,
    CASE WHEN h.rt AND NOT c.rt_iuf AND NOT c.rt_tes THEN 'RT_NO_IUF' END,
    CASE WHEN h.rt AND NOT h.iud THEN 'RT_NO_IUD' END,
    CASE WHEN h.iud AND (NOT h.rt OR s.expected_cents <> s.paid_cents) THEN 'IUD_NO_RT' END,
    CASE WHEN h.iuf AND NOT h.rt THEN 'IUV_NO_RT' END,
    CASE WHEN h.iuf AND NOT h.tes THEN 'IUF_NO_TES' END,
    CASE WHEN h.iuf AND h.tes AND NOT c.cashed_in_full THEN 'IUF_TES_DIV_IMP' END
    ], NULL) AS labels) l;
