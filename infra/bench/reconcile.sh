#!/usr/bin/env bash
# Reconciliation benchmark P4 (issue 15): one reporting flow of N payments against N archived receipts,
# classified by the three-way views (every row labelled), then a treasury credit for the flow (every row
# cashed); and a month of M flows and M credits for one EC. Next to the raw baseline of COPYing the same
# N rows into a plain table, in the same run. Runs on its own scratch database of the local PostgreSQL,
# with Reporting's own migrations (dotnet Reporting.dll migrate), so it needs no running platform.
#   eval "$(infra/servers.sh env)" && infra/bench/reconcile.sh [payments=100000] [month_flows=1000]
# Writes the figures to .local/bench/reconcile-<payments>.md. The rows are loaded with COPY as the consumers'
# bulk path would; what is measured is the classification (the views) and the treasury matching.
# Then (unless RECONCILE_FLOW=0) the same flow end to end, from its publication on the FdR API through NodeAdapter's
# download, RabbitMQ and Reporting's consumer to every row classified: infra/bench/reconcile-flow.sh, its own stack.
set -euo pipefail
[[ -n "${BENCH_LOCKED:-}" ]] || BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"

N=${1:-100000}; MONTH=${2:-1000}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_HOST=127.0.0.1; PG_PORT=55432; DB="bench_reconcile_$$"
PSQL=(psql "host=$PG_HOST port=$PG_PORT user=postgres dbname=$DB" -v ON_ERROR_STOP=1 -tAq)
OUT="$ROOT/.local/bench"; mkdir -p "$OUT"; REPORT="$OUT/reconcile-$N.md"
DLL="$ROOT/services/Reporting/bin/Release/net10.0/Reporting.dll"
EC=77777777777; FLOW="2026-11-20PSPBENCH-0000001"
say() { printf '[reconcile-bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

[[ -f "$DLL" ]] || dotnet build "$ROOT/services/Reporting" -c Release -v q >/dev/null
psql "host=$PG_HOST port=$PG_PORT user=postgres dbname=postgres" -qc "CREATE DATABASE $DB" >/dev/null
trap 'psql "host=$PG_HOST port=$PG_PORT user=postgres dbname=postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null' EXIT
ConnectionStrings__Payments="Host=$PG_HOST;Port=$PG_PORT;Username=postgres;Password=postgres;Database=$DB" \
  ConnectionStrings__RabbitMq="amqp://unused" Identity__SigningKey="$(head -c 32 /dev/urandom | base64)" dotnet "$DLL" migrate >/dev/null

say "generating $N receipts and flow rows"
"${PSQL[@]}" -c "CREATE TABLE gen AS SELECT g AS i, lpad(g::text, 17, '0') AS iuv, 'rcpt-' || g AS iur, 100 + g % 5000 AS cents FROM generate_series(1, $N) g"

"${PSQL[@]}" -c "CREATE TABLE baseline (iuv text, iur text, id_transfer int, amount_cents bigint)"
"${PSQL[@]}" -c "\copy (SELECT iuv, iur, 1, cents FROM gen) TO '$OUT/$DB.rows'"
"${PSQL[@]}" -c "\copy (SELECT '$EC', '$FLOW', i, iuv, iur, 1, cents, 0, '2026-11-18', 'matched' FROM gen) TO '$OUT/$DB.flow'"
t1=$(now)
"${PSQL[@]}" -c "\copy baseline FROM '$OUT/$DB.rows'"
t2=$(now); BASELINE=$(secs "$t1" "$t2")

"${PSQL[@]}" -c "INSERT INTO reporting.paid_transfers (organization_fiscal_code, iuv, receipt_id, id_transfer, amount_cents, payment_date_time, psp_id, stand_in, recorded_at, category)
  SELECT '$EC', iuv, iur, 1, cents, '2026-11-18T10:00:00+01', 'PSPBENCH', false, now(), '9/0101108TS/' FROM gen"
t3=$(now)
"${PSQL[@]}" -c "INSERT INTO reporting.flows VALUES ('$EC', '$FLOW', 1, 'PSPBENCH', now(), 'TRN', '2026-11-20', null,
  $N, (SELECT sum(cents) FROM gen), $N, (SELECT sum(cents) FROM gen), 'bench', now())"
"${PSQL[@]}" -c "\copy reporting.flow_rows (organization_fiscal_code, flow_id, row_index, iuv, iur, id_transfer, amount_cents, outcome, pay_date, match_status) FROM '$OUT/$DB.flow'"
t4=$(now)
CLASSIFIED=$("${PSQL[@]}" -c "SELECT count(*) FILTER (WHERE 'RT_IUF' = ANY (labels)) FROM reporting.transfer_reconciliation WHERE organization_fiscal_code = '$EC'")
t5=$(now)
"${PSQL[@]}" -c "INSERT INTO reporting.treasury_files (organization_fiscal_code, sha256, format, version, size_bytes, movement_count, uploaded_by, received_at)
  VALUES ('$EC', 'bench', 'camt', 'camt.053.001.02', 0, 1, 'bench', now());
  INSERT INTO reporting.treasury_movements (organization_fiscal_code, file_id, position, kind, account, currency, is_credit, amount_cents, booking_date, remittance, flow_id)
  SELECT '$EC', (SELECT max(id) FROM reporting.treasury_files), 'Stmt[1]/Ntry[1]', 'collection', 'IT60X0542811101000000123456', 'EUR', true,
    (SELECT sum(cents) FROM gen), '2026-11-23', '/PUR/LGPE-RIVERSAMENTO/URI/$FLOW', '$FLOW'"
CASHED=$("${PSQL[@]}" -c "SELECT count(*) FILTER (WHERE state = 'cashed') FROM reporting.transfer_reconciliation WHERE organization_fiscal_code = '$EC'")
t6=$(now)
[[ "$CLASSIFIED" == "$N" && "$CASHED" == "$N" ]] || { say "expected $N classified and cashed, got $CLASSIFIED / $CASHED"; exit 1; }

say "a month: $MONTH flows and $MONTH credits for one EC"
"${PSQL[@]}" -c "INSERT INTO reporting.flows SELECT '$EC', '2026-11-01PSPMONTH-' || g, 1, 'PSPMONTH', now(), 'TRN', date '2026-11-01' + g % 30, null, 1, 1000, 1, 1000, 'bench', now()
  FROM generate_series(1, $MONTH) g;
  INSERT INTO reporting.flow_rows (organization_fiscal_code, flow_id, row_index, iuv, iur, id_transfer, amount_cents, outcome, pay_date, match_status)
  SELECT '$EC', '2026-11-01PSPMONTH-' || g, 1, 'M' || lpad(g::text, 16, '0'), 'm-' || g, 1, 1000, 0, '2026-11-01', 'unmatched' FROM generate_series(1, $MONTH) g;
  INSERT INTO reporting.treasury_movements (organization_fiscal_code, file_id, position, kind, account, currency, is_credit, amount_cents, booking_date, remittance, flow_id)
  SELECT '$EC', (SELECT max(id) FROM reporting.treasury_files), 'm' || g, 'collection', 'IT60X0542811101000000123456', 'EUR', true, 1000,
    date '2026-11-02' + g % 28, '/PUR/LGPE-RIVERSAMENTO/URI/2026-11-01pspmonth-' || g, '2026-11-01pspmonth-' || g FROM generate_series(1, $MONTH) g"
t7=$(now)
MATCHED=$("${PSQL[@]}" -c "SELECT count(*) FROM reporting.movement_reconciliation WHERE organization_fiscal_code = '$EC' AND label = 'RT_IUF_TES' AND read_flow_id LIKE '%pspmonth%'")
t8=$(now)
rm -f "$OUT/$DB.rows" "$OUT/$DB.flow"

{
  echo "# Reconciliation P4, $N payments ($(date -u +%FT%TZ))"
  echo "| phase | seconds |"; echo "|---|---|"
  echo "| baseline: COPY $N rows into a plain table | $BASELINE |"
  echo "| flow rows stored (COPY) | $(secs "$t3" "$t4") |"
  echo "| every row classified (labels of all $N transfers) | $(secs "$t4" "$t5") |"
  echo "| treasury credit stored and every transfer cashed | $(secs "$t5" "$t6") |"
  echo "| flow stored + classified, ratio to baseline | $(echo "scale=2; ($(secs "$t3" "$t5")) / $BASELINE" | bc) |"
  echo "| a month: $MONTH credits matched to $MONTH flows ($MATCHED) | $(secs "$t7" "$t8") |"
} | tee "$REPORT"

[[ "${RECONCILE_FLOW:-1}" == 0 ]] || "$ROOT/infra/bench/reconcile-flow.sh" "$N"
