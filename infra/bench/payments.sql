-- The per-payment figures of infra/bench/payments.sh. Input: the simulator's timeline of the load run
-- (GET /simulator/load/payments, CSV) on stdin; variables ec, run (the positions' iupd prefix), load0 and load1
-- (when the load started and stopped). Output: key|count|p50|p99|max, times in ms (sustained and drain: seconds).
CREATE TEMP TABLE timeline (
    notice_number text, receipt_id text, outcome text, answered_at timestamptz,
    verify_ms double precision, get_payment_ms double precision, send_receipt_ms double precision);
\copy timeline FROM pstdin WITH (FORMAT csv, HEADER true)

-- Each station call as the Node timed it (every payment that reached the call, OK or not).
SELECT k, count(ms), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1), round(max(ms)::numeric, 1)
FROM timeline, LATERAL (VALUES ('verify', verify_ms), ('get', get_payment_ms), ('send', send_receipt_ms)) AS v(k, ms)
GROUP BY k;

-- When each paid notice reached each place, by the platform's own timestamps: the receipt archived, the history row
-- of the position becoming PAID because of this receipt, and the read models showing it PAID (each row of this run
-- changes once after the import, so its last update is that one).
CREATE TEMP TABLE reached AS
SELECT t.receipt_id, t.answered_at,
       r.recorded_at AS archived, h.occurred_at AS paid, n.updated_at AS notices, a.updated_at AS actualisation,
       i.received_at AS iuv, rt.recorded_at AS reporting
FROM timeline t
JOIN debt_positions.payment_options o ON o.organization_fiscal_code = :'ec' AND o.nav = t.notice_number
JOIN debt_positions.positions p ON p.id = o.position_id
LEFT JOIN receipts.receipts r ON r.organization_fiscal_code = :'ec' AND r.receipt_id = t.receipt_id
LEFT JOIN debt_positions.position_history h ON h.position_id = p.id AND h.new_status = 'PAID' AND h.cause = 'receipt:' || t.receipt_id
LEFT JOIN node_adapter.notices n ON n.organization_fiscal_code = :'ec' AND n.nav = t.notice_number AND n.position_status = 'PAID'
LEFT JOIN actualisation.positions a ON a.organization_fiscal_code = :'ec' AND a.iupd = p.iupd AND a.status = 'PAID'
LEFT JOIN iuv_issuance.notice_positions i ON i.organization_fiscal_code = :'ec' AND i.iupd = p.iupd AND i.status = 'PAID'
LEFT JOIN LATERAL (SELECT min(x.recorded_at) AS recorded_at FROM reporting.paid_transfers x
                   WHERE x.organization_fiscal_code = :'ec' AND x.receipt_id = t.receipt_id) rt ON true
WHERE t.outcome = 'OK';

SELECT k, count(ms), round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric), round(max(ms)::numeric)
FROM reached,
     LATERAL (VALUES ('archived', archived), ('paid', paid), ('notices', notices), ('actualisation', actualisation),
                     ('iuv', iuv), ('reporting', reporting),
                     ('readmodels', CASE WHEN notices IS NOT NULL AND actualisation IS NOT NULL AND iuv IS NOT NULL AND reporting IS NOT NULL
                                         THEN greatest(notices, actualisation, iuv, reporting) END)) AS v(k, at),
     LATERAL (SELECT extract(epoch FROM at - answered_at) * 1000 AS ms) AS m
GROUP BY k;

-- Positions of this run PAID, and when the last one was, in seconds after the load started: the sustained rate.
SELECT 'sustained', count(*), round(extract(epoch FROM max(h.occurred_at) - :'load0'::timestamptz)::numeric, 1)
FROM debt_positions.positions p
JOIN debt_positions.position_history h ON h.position_id = p.id AND h.new_status = 'PAID'
WHERE p.organization_fiscal_code = :'ec' AND p.iupd LIKE :'run' || '-%';

-- The last read model updated, in seconds after the load stopped: the drain.
SELECT 'drain', count(*), round(extract(epoch FROM max(greatest(notices, actualisation, iuv, reporting)) - :'load1'::timestamptz)::numeric, 1)
FROM reached;
