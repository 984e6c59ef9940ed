#!/usr/bin/env bash
# Bulk import benchmark (issue 3): N positions (one notice, one transfer each) uploaded as CSV through the
# gateway of the running platform, imported, published, and payable at the station; next to the raw
# baseline (Npgsql binary COPY of the same rows into one plain table). Prints phase times, the ratio and
# the peak RSS of every process; writes the figures to .local/bench/bulk-import-<rows>.md.
#   infra/platform.sh up && infra/bench/bulk-import.sh [rows=1000000]
# BULK_KEEP=1 keeps the imported rows (default: deleted at the end so runs do not pile up).
set -euo pipefail
[[ -n "${BENCH_LOCKED:-}" ]] || BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"

ROWS=${1:-1000000}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../platform.env
source "$ROOT/infra/platform.env"
GW=http://127.0.0.1:5080; EC=$DEMO_EC
KEY_FILE="$ROOT/.local/keys/$EC"
[[ -s "$KEY_FILE" ]] || { echo "no API key in $KEY_FILE: run infra/platform.sh up first" >&2; exit 1; }
KEY=$(cat "$KEY_FILE")
PSQL=(psql "host=127.0.0.1 port=55432 user=postgres dbname=$PG_DATABASE" -tAq)
NPGSQL="Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=$PG_DATABASE"
OUT="$ROOT/.local/bench"; mkdir -p "$OUT"
RUN_ID="b$(date +%s)"; CSV="$OUT/bulk-$ROWS.csv"; SAMPLES="$OUT/bulk-rss-$RUN_ID.txt"
BASELINE_DLL="$ROOT/tests/Benchmarks/BulkCopyBaseline/bin/Release/net10.0/BulkCopyBaseline.dll"
say() { printf '[bulk-bench] %s\n' "$*" >&2; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

curl -fsS "$GW/health/debt-positions/ready" >/dev/null || { say "the platform is not running: infra/platform.sh up"; exit 1; }
# The demo EC's IUV configuration, as the demo sets it (idempotent).
curl -fsS -H "X-Api-Key: $KEY" -X PUT "$GW/api/iuv/organizations/$EC" -H 'content-type: application/json' -d '{"segregationCode":"01","auxDigit":3}' >/dev/null
[[ -f "$BASELINE_DLL" ]] || dotnet build "$ROOT/tests/Benchmarks/BulkCopyBaseline" -c Release -v q -nologo -clp:ErrorsOnly >/dev/null

say "generating $ROWS rows → $CSV"
awk -v n="$ROWS" -v p="$RUN_ID" -v due="$(date -d '+60 days' +%F)" 'BEGIN {
  print "iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban"
  for (i = 0; i < n; i++)
    printf "%s-%07d,F,RSSMRA80A01H501U,Mario Rossi %d,Comune di Demo,TARI 2026,%d,%s,TARI 2026 rata unica,9/0101108TS/,IT60X0542811101000000123456\n", p, i, i, 1000 + i % 50000, due
}' >"$CSV"
BYTES=$(stat -c %s "$CSV")
LOAD_BEFORE=$(uptime)

say "baseline: binary COPY of the same rows into a plain table"
BASELINE=$(dotnet "$BASELINE_DLL" "$CSV" "$NPGSQL")
BASELINE_S=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$BASELINE"); BASELINE_KB=$(sed -E 's/.*peak_rss_kb=([0-9]+).*/\1/' <<<"$BASELINE")
say "$BASELINE"

# Memory: our dotnet processes get their peak (VmHWM) reset now; every process is also sampled twice a second.
for f in "$ROOT"/.local/run/*.pid; do echo 5 >"/proc/$(cat "$f")/clear_refs" 2>/dev/null || true; done
# One awk per tick over the status files, the server processes looked up every 5 s: the first version forked
# ≈30 processes a tick, which cost ≈10% of a core during the run it was measuring (now ≈1%).
sample() {
  local tick=0 ours=() servers=() f
  for f in "$ROOT"/.local/run/*.pid; do ours+=("$(basename "$f" .pid):$(cat "$f")"); done
  while true; do
    if ((tick++ % 10 == 0)); then servers=(); for pid in $(pgrep -x postgres) $(pgrep -x beam.smp); do servers+=("/proc/$pid/status"); done; fi
    awk -v ours="${ours[*]}" '
      BEGIN { n = split(ours, o, " "); for (i = 1; i <= n; i++) { split(o[i], kv, ":"); name["/proc/" kv[2] "/status"] = kv[1]; ARGV[ARGC++] = "/proc/" kv[2] "/status" } }
      /^Name:/ { comm = $2 }
      /^Pid:/ { pid = $2 }
      /^VmRSS:/ { rss = $2 }
      /^RssAnon:/ {
        if (FILENAME in name) print name[FILENAME], rss
        else if (comm == "postgres") { print "postgres-proc", rss; print "postgres-anon:" pid, $2 }
        else if (comm == "beam.smp") print "rabbitmq", rss
      }' "${servers[@]}" 2>/dev/null
    echo "--"
    sleep 0.5
  done >>"$SAMPLES"
}
sample & SAMPLER=$!
trap 'kill $SAMPLER 2>/dev/null || true' EXIT

# CPU seconds (user+system) per process between two points: where the time goes on 2 cores. PostgreSQL is the
# sum over the backends connected to the platform's database (other databases on the shared server excluded).
TICKS=$(getconf CLK_TCK)
cpu_snapshot() {
  for f in "$ROOT"/.local/run/*.pid; do printf '%s %s\n' "$(basename "$f" .pid)" "$(awk '{print $14 + $15}' "/proc/$(cat "$f")/stat" 2>/dev/null || echo 0)"; done
  for pid in $("${PSQL[@]}" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DATABASE'"); do
    printf 'postgres:%s %s\n' "$pid" "$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"; done
  for pid in $(pgrep -x beam.smp); do printf 'rabbitmq %s\n' "$(awk '{print $14 + $15}' "/proc/$pid/stat")"; done
  # The whole PostgreSQL server: every live process (backends of any database, checkpointer, WAL writer, autovacuum),
  # plus the postmaster's reaped children (fields 16 and 17), so processes that ended during the run count too.
  local postmaster; postmaster=$(head -1 "$ROOT/.local/pg/data/postmaster.pid" 2>/dev/null || echo 0)
  for pid in $(pgrep -x postgres); do
    printf 'postgres-server:%s %s\n' "$pid" "$(awk -v pm="$postmaster" '{print $14 + $15 + ($1 == pm ? $16 + $17 : 0)}' "/proc/$pid/stat" 2>/dev/null || echo 0)"; done
}
CPU_BEFORE=$(cpu_snapshot)
# The whole machine too (/proc/stat: user+nice+system+irq+softirq+steal jiffies), since PostgreSQL's background
# processes, autovacuum and the kernel's loopback work belong to no process above; and the WAL written.
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
# Steal: time the hypervisor gave our vCPUs to someone else. It counts as busy above, and explains part of the spread
# between runs of identical code.
machine_steal() { awk '/^cpu / { print $9 }' /proc/stat; }
BUSY_BEFORE=$(machine_busy); STEAL_BEFORE=$(machine_steal); WAL_BEFORE=$("${PSQL[@]}" -c "SELECT pg_current_wal_lsn()")
# With pg_stat_statements loaded (PAYMENTS_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"), the
# statements' own time is reported too.
STATEMENTS=$("${PSQL[@]}" -c "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements'" 2>/dev/null || true)
if [[ -n "$STATEMENTS" ]] && "${PSQL[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null 2>&1; then
  STATEMENTS=1; else STATEMENTS=""; fi

say "upload through the gateway ($BYTES bytes)"
T0=$(now)
RESPONSE=$(curl -fsS -H "X-Api-Key: $KEY" -X POST -T "$CSV" -H 'Content-Type: text/csv' "$GW/api/debt-positions/v1/organizations/$EC/imports?toPublish=true")
T_UPLOAD=$(now)
# One top-level scalar of an import's JSON (the upload's answer, its status) (string or number); "?" when absent or null.
json_field() { if [[ "$2" =~ \"$1\":\"?([^\",}]*) ]] && [[ "${BASH_REMATCH[1]}" != null ]]; then printf '%s' "${BASH_REMATCH[1]}"; else printf '?'; fi; }

IMPORT_ID=$(json_field id "$RESPONSE")
STATUS_URL="$GW/api/debt-positions/v1/organizations/$EC/imports/$IMPORT_ID"

say "import $IMPORT_ID running"
while true; do
  # Fields read by bash itself (json_field): one jq a poll cost ≈0.9% of the machine during a 1M run (its start-up).
  S=$(curl -fsS -H "X-Api-Key: $KEY" "$STATUS_URL")
  STATE=$(json_field status "$S")
  PROGRESS="read $(json_field rowsRead "$S") imported $(json_field rowsImported "$S") rejected $(json_field rowsRejected "$S") eta $(json_field etaSeconds "$S")s"
  [[ "$STATE" == COMPLETED ]] && break
  [[ "$STATE" == FAILED || "$STATE" == CANCELLED || "$STATE" == "?" ]] && { say "import ${STATE/\?/status unreadable}: $S"; exit 1; }
  echo "  $STATE $PROGRESS" >&2
  sleep 2
done
T_IMPORT=$(now)
IMPORTED=$(json_field rowsImported "$S"); REJECTED=$(json_field rowsRejected "$S")

say "waiting for the outbox to drain (bulk events published)"
until [[ "$("${PSQL[@]}" -c "SELECT count(*) FROM debt_positions.outbox_messages")" == 0 ]]; do sleep 0.5; done
T_PUBLISH=$(now)

say "waiting until NodeAdapter's read model has every notice"
while true; do
  N=$("${PSQL[@]}" -c "SELECT count(*) FROM node_adapter.notices WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%'")
  [[ "$N" -ge "$IMPORTED" ]] && break
  say "  payable $N / $IMPORTED"; sleep 1
done
T_PAYABLE=$(now)
kill $SAMPLER 2>/dev/null || true
CPU_AFTER=$(cpu_snapshot)
# name → CPU seconds used during the run (postgres backends summed; a backend absent before counts from 0).
# The whole server is a difference of totals: a process that ended during the run is in the postmaster's reaped-children
# time afterwards, with the part it had used before the run, which the total before holds.
cpu_used() {
  awk -v t="$TICKS" 'NR == FNR { if ($1 ~ /^postgres-server:/) server -= $2; else before[$1] = $2; next }
    $1 ~ /^postgres-server:/ { server += $2; next }
    { n = $1; sub(/:.*/, "", n); used[n] += ($2 - (($1 in before) ? before[$1] : 0)) / t }
    END { used["postgres-server"] = server / t; for (n in used) printf "%s %.1f\n", n, used[n] }' <(echo "$CPU_BEFORE") <(echo "$CPU_AFTER")
}
CPU_USED=$(cpu_used)
MACHINE_BUSY_S=$(awk -v a="$BUSY_BEFORE" -v b="$(machine_busy)" -v t="$TICKS" 'BEGIN { printf "%.0f", (b - a) / t }')
STEAL_S=$(awk -v a="$STEAL_BEFORE" -v b="$(machine_steal)" -v t="$TICKS" 'BEGIN { printf "%.1f", (b - a) / t }')
WAL_MB=$("${PSQL[@]}" -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$WAL_BEFORE') / 1048576)")

say "verifying a sample with real paVerifyPaymentNotice calls through the gateway"
VERIFIED=0
for NAV in $("${PSQL[@]}" -c "(SELECT nav FROM debt_positions.payment_options o JOIN debt_positions.positions p ON p.id = o.position_id
    WHERE p.organization_fiscal_code = '$EC' AND p.iupd IN ('$RUN_ID-0000000', '$RUN_ID-$(printf %07d $((ROWS - 1)))'))
    UNION ALL (SELECT o.nav FROM debt_positions.payment_options o TABLESAMPLE SYSTEM (1) JOIN debt_positions.positions p ON p.id = o.position_id
    WHERE p.iupd LIKE '$RUN_ID-%' LIMIT 8)"); do
  BODY="<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:pafn=\"http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd\"><soapenv:Body><pafn:paVerifyPaymentNoticeReq><idPA>$EC</idPA><idBrokerPA>$DEMO_BROKER</idBrokerPA><idStation>$DEMO_STATION</idStation><qrCode><fiscalCode>$EC</fiscalCode><noticeNumber>$NAV</noticeNumber></qrCode></pafn:paVerifyPaymentNoticeReq></soapenv:Body></soapenv:Envelope>"
  ANSWER=$(curl -fsS -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: paVerifyPaymentNotice' --data "$BODY" "$GW/pagopa/paForNode")
  grep -q '<outcome>OK</outcome>' <<<"$ANSWER" || { say "verify of $NAV is not OK: $ANSWER"; exit 1; }
  VERIFIED=$((VERIFIED + 1))
done
LOAD_AFTER=$(uptime)

peak() { awk -v n="$1" '$1 == n && $2 > m { m = $2 } END { printf "%d", m / 1024 }' "$SAMPLES"; }
hwm() { awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$(cat "$ROOT/.local/run/$1.pid")/status" 2>/dev/null || echo "?"; }
PG_ANON=$(awk '/^postgres-anon/ { s += $2 } /^--/ { if (s > m) m = s; s = 0 } END { printf "%d", m / 1024 }' "$SAMPLES")
TOTAL=$(secs "$T0" "$T_PAYABLE")
RATIO=$(awk -v t="$TOTAL" -v b="$BASELINE_S" 'BEGIN { printf "%.1f", t / b }')
REPORT="$OUT/bulk-import-$ROWS.md"
{
  echo "### $ROWS rows — $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores. Command: \`infra/bench/bulk-import.sh $ROWS\`. File: $BYTES bytes."
  echo "Load before: \`${LOAD_BEFORE# }\`; after: \`${LOAD_AFTER# }\`."
  echo
  echo "| phase | seconds |"
  echo "|---|---|"
  echo "| upload through the gateway (stored in chunks, hashed) | $(secs "$T0" "$T_UPLOAD") |"
  echo "| import job (parse, validate, IUVs, COPY, outbox) after the upload | $(secs "$T_UPLOAD" "$T_IMPORT") |"
  echo "| outbox drained after the import | $(secs "$T_IMPORT" "$T_PUBLISH") |"
  echo "| read model complete after the outbox drained | $(secs "$T_PUBLISH" "$T_PAYABLE") |"
  echo "| **total: upload → every notice payable** | **$TOTAL** |"
  echo "| baseline: binary COPY of the same rows into a plain table | $BASELINE_S |"
  echo "| **ratio total / baseline** | **$RATIO×** |"
  echo
  echo "Imported $IMPORTED, rejected $REJECTED; $VERIFIED sampled notices answered paVerifyPaymentNotice OK through the gateway."
  echo
  echo "| process | peak RSS MiB (sampled 2/s) | VmHWM MiB | CPU s during the run |"
  echo "|---|---|---|---|"
  for f in "$ROOT"/.local/run/*.pid; do n=$(basename "$f" .pid); echo "| $n | $(peak "$n") | $(hwm "$n") | $(awk -v n="$n" '$1 == n {print $2}' <<<"$CPU_USED") |"; done
  echo "| postgres (largest process / sum of private memory of all; CPU of the platform database's backends) | $(peak postgres-proc) / $PG_ANON | — | $(awk '$1 == "postgres" {print $2}' <<<"$CPU_USED") |"
  echo "| postgres, whole server (every process: backends, checkpointer, WAL writer, autovacuum) | — | — | $(awk '$1 == "postgres-server" {print $2}' <<<"$CPU_USED") |"
  echo "| rabbitmq (beam.smp) | $(peak rabbitmq) | — | $(awk '$1 == "rabbitmq" {print $2}' <<<"$CPU_USED") |"
  echo "| baseline (BulkCopyBaseline) | — | $((BASELINE_KB / 1024)) | — |"
  echo
  echo "CPU available during the run: $(awk -v a="$T0" -v b="$T_PAYABLE" -v c="$(nproc)" 'BEGIN { printf "%.0f", c * (b - a) }') core-seconds ($(nproc) cores × total); the whole machine was busy for $MACHINE_BUSY_S of them (/proc/stat, every process and the kernel; $STEAL_S of them stolen by the hypervisor). WAL written: $WAL_MB MiB."
  if [[ -n "$STATEMENTS" ]]; then
    echo
    echo "PostgreSQL statements by total execution time (pg_stat_statements, top 15):"
    echo
    echo "| ms total | calls | rows | statement |"
    echo "|---|---|---|---|"
    "${PSQL[@]}" -F ' | ' -c "SELECT round(total_exec_time), calls, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
      FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" | sed -E 's/^/| /; s/$/ |/'
  fi
} | tee "$REPORT"
rm -f "$SAMPLES"

if [[ -z "${BULK_KEEP:-}" ]]; then
  say "deleting the benchmark's rows (BULK_KEEP=1 keeps them)"
  # Notices and transfers have no cascading foreign key (ADR 0012): children first.
  "${PSQL[@]}" -c "DELETE FROM debt_positions.transfers t USING debt_positions.payment_options o, debt_positions.positions p
      WHERE t.payment_option_id = o.id AND o.position_id = p.id AND p.organization_fiscal_code = '$EC' AND p.iupd LIKE '$RUN_ID-%';
    DELETE FROM debt_positions.payment_options o USING debt_positions.positions p
      WHERE o.position_id = p.id AND p.organization_fiscal_code = '$EC' AND p.iupd LIKE '$RUN_ID-%';
    DELETE FROM debt_positions.positions WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%';
    DELETE FROM debt_positions.imports WHERE id = '$IMPORT_ID';
    DELETE FROM node_adapter.notices WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%';
    DELETE FROM iuv_issuance.notice_navs WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%';
    DELETE FROM iuv_issuance.notice_positions WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%';"
  # Vacuumed now rather than by autovacuum during the next run, which then paid for it unaccounted
  # (docs/benchmarks.md, bulk import run C). One -c each: VACUUM cannot run inside a transaction block.
  say "vacuuming the tables the rows were deleted from"
  vacuum=()
  for table in debt_positions.transfers debt_positions.payment_options debt_positions.positions node_adapter.notices \
      iuv_issuance.notice_navs iuv_issuance.notice_positions; do vacuum+=(-c "VACUUM (ANALYZE) $table"); done
  "${PSQL[@]}" "${vacuum[@]}"
fi
