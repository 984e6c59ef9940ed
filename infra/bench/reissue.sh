#!/usr/bin/env bash
# Bulk coercive re-issue benchmark (issue 16, item 6): N overdue positions of one revenue type, imported through the
# gateway, then re-issued by one bulk job (POST …/coercive/reissues): each cancelled, a new position with the
# COERCIVE amount (quoted by Actualisation), its own IUV/NAV and lineage both ways. Measures the job, the outbox
# drain (every snapshot published) and the ruolo export; checks the lineage of every pair in the database; then writes
# the job's rows again with plain SQL into copies of its tables, the raw baseline the job is compared with.
# Runs its own private stack (IuvIssuance, Actualisation, DebtPositions, Gateway from their Release builds) on its own
# ports, database and vhost of the shared PostgreSQL/RabbitMQ, so it needs no running platform:
#   eval "$(infra/servers.sh env)" && infra/bench/reissue.sh [positions=10000]
# Env: PORT_BASE (7300: gateway +0, DebtPositions +1, IuvIssuance +2, Actualisation +4), REISSUE_BATCH (DebtPositions'
# Coercive__BatchSize, default 200), BENCH_KEEP=1 (keep the stack, database and vhost afterwards).
# Writes the figures to .local/bench/reissue-<positions>.md. Method and reading: docs/bench/reissue.md.
set -euo pipefail
[[ -n "${BENCH_LOCKED:-}" ]] || BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"

N=${1:-10000}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASE=${PORT_BASE:-7300}; GW_PORT=$BASE; DP_PORT=$((BASE + 1)); IUV_PORT=$((BASE + 2)); ACT_PORT=$((BASE + 4))
GW="http://127.0.0.1:$GW_PORT"; EC=77777777777; REVENUE="BENCH-COERCIVE"
DB="bench_reissue_$$"; RUN="$ROOT/.local/bench-reissue-$$"; OUT="$ROOT/.local/bench"; mkdir -p "$RUN" "$OUT"
PG="Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=$DB;Maximum Pool Size=30"
AMQP="amqp://guest:guest@127.0.0.1:55672/$DB"
PSQL=(psql "host=127.0.0.1 port=55432 user=postgres dbname=$DB" -tAq)
SIGNING=$(head -c 32 /dev/urandom | base64)
COMMON=(ConnectionStrings__Payments="$PG" ConnectionStrings__RabbitMq="$AMQP" Identity__SigningKey="$SIGNING"
  ASPNETCORE_ENVIRONMENT=Production Logging__Console__FormatterName=simple)
say() { printf '[reissue-bench] %s\n' "$*" >&2; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# shellcheck source=lib/private-stack.sh
source "$ROOT/infra/bench/lib/private-stack.sh"

build_release services/IuvIssuance services/Actualisation services/DebtPositions gateway/Gateway

trap teardown EXIT

say "private stack: database and vhost $DB, gateway :$GW_PORT"
create_database_and_vhost
for project in services/IuvIssuance services/Actualisation services/DebtPositions gateway/Gateway; do
  env "${COMMON[@]}" IuvIssuance__BaseUrl=http://127.0.0.1:1 dotnet "$(dll "$project")" migrate >/dev/null
done
start services/IuvIssuance "$IUV_PORT"
start services/Actualisation "$ACT_PORT"
start services/DebtPositions "$DP_PORT" IuvIssuance__BaseUrl="http://127.0.0.1:$IUV_PORT" Actualisation__BaseUrl="http://127.0.0.1:$ACT_PORT" \
  Coercive__BatchSize="${REISSUE_BATCH:-200}" Coercive__PollInterval=00:00:00.500
start gateway/Gateway "$GW_PORT" Station__ClientAuthentication__Mode=None ApiKeys__RefreshInterval=00:00:00.500 \
  Limits__ClientRequestsPerSecond=1000 Limits__ClientBurst=1000 \
  "ReverseProxy__Clusters__debt-positions__Destinations__primary__Address=http://127.0.0.1:$DP_PORT/" \
  "ReverseProxy__Clusters__iuv-issuance__Destinations__primary__Address=http://127.0.0.1:$IUV_PORT/" \
  "ReverseProxy__Clusters__actualisation__Destinations__primary__Address=http://127.0.0.1:$ACT_PORT/"
env "${COMMON[@]}" dotnet "$(dll gateway/Gateway)" keys create --client bench --org "$EC" --role admin --out "$RUN/key" >/dev/null
KEY=$(cat "$RUN/key")
ready IuvIssuance "http://127.0.0.1:$IUV_PORT/health"
ready Actualisation "http://127.0.0.1:$ACT_PORT/health"
ready DebtPositions "http://127.0.0.1:$DP_PORT/health"
ready Gateway "$GW/health/debt-positions/ready"
api() { curl -fsS -H "X-Api-Key: $KEY" "$@"; }
api -X PUT "$GW/api/iuv/organizations/$EC" -H 'content-type: application/json' -d '{"segregationCode":"01","auxDigit":3}' >/dev/null

say "seeding $N positions of revenue type $REVENUE (bulk import), due tomorrow"
CSV="$RUN/positions.csv"
awk -v n="$N" -v due="$(date -d '+1 day' +%F)" -v rt="$REVENUE" 'BEGIN {
  print "iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban,revenueType"
  for (i = 0; i < n; i++)
    printf "RB-%07d,F,RSSMRA80A01H501U,Mario Rossi %d,Comune di Demo,TARI 2025,%d,%s,TARI 2025 rata unica,9/0101108TS/,IT60X0542811101000000123456,%s\n", i, i, 1000 + i % 5000, due, rt
}' >"$CSV"
IMPORT=$(api -X POST -T "$CSV" -H 'Content-Type: text/csv' "$GW/api/debt-positions/v1/organizations/$EC/imports?toPublish=true")
IMPORT_URL="$GW/api/debt-positions/v1/organizations/$EC/imports/$(json_field id "$IMPORT")"
until [[ "$(json_field status "$(api "$IMPORT_URL")")" == COMPLETED ]]; do
  [[ "$(json_field status "$(api "$IMPORT_URL")")" == FAILED ]] && { say "import failed: $(api "$IMPORT_URL")"; exit 1; }
  sleep 1
done
until [[ "$("${PSQL[@]}" -c "SELECT count(*) FROM debt_positions.outbox_messages")" == 0 ]]; do sleep 0.5; done
SEEDED=$("${PSQL[@]}" -c "SELECT count(*) FROM debt_positions.positions WHERE revenue_type = '$REVENUE' AND status = 'VALID'")
[[ "$SEEDED" == "$N" ]] || { say "seeded $SEEDED of $N"; exit 1; }

LOAD_BEFORE=$(uptime)
CPU_BEFORE=$(cpu_ticks)
say "bulk re-issue: every position of $REVENUE overdue before the day after tomorrow"
T0=$(now)
JOB=$(api -X POST "$GW/api/debt-positions/v1/organizations/$EC/coercive/reissues" -H 'content-type: application/json' -H "Idempotency-Key: bench-$$" \
  -d "{\"revenueType\":\"$REVENUE\",\"overdueBefore\":\"$(date -d '+2 days' +%F)\",\"costsCents\":590}")
JOB_URL="$GW/api/debt-positions/v1/organizations/$EC/coercive/reissues/$(json_field id "$JOB")"
while true; do
  S=$(api "$JOB_URL"); STATE=$(json_field status "$S")
  [[ "$STATE" == COMPLETED ]] && break
  [[ "$STATE" == FAILED || "$STATE" == "?" ]] && { say "job $STATE: $S"; exit 1; }
  echo "  $STATE total $(json_field total "$S") reissued $(json_field reissued "$S") skipped $(json_field skipped "$S") eta $(json_field etaSeconds "$S")s" >&2
  sleep 1
done
T_JOB=$(now)
until [[ "$("${PSQL[@]}" -c "SELECT count(*) FROM debt_positions.outbox_messages")" == 0 ]]; do sleep 0.5; done
T_PUBLISHED=$(now)
CPU_AFTER=$(cpu_ticks)
LOAD_AFTER=$(uptime)

REISSUED=$(json_field reissued "$S"); SKIPPED=$(json_field skipped "$S")
PAIRS=$("${PSQL[@]}" -c "SELECT count(*) FROM debt_positions.positions o JOIN debt_positions.positions n
  ON n.organization_fiscal_code = o.organization_fiscal_code AND n.iupd = o.reissued_as AND n.reissue_of = o.iupd
  WHERE o.revenue_type = '$REVENUE' AND o.status = 'INVALID' AND n.status = 'VALID'")
QUOTES=$("${PSQL[@]}" -c "SELECT count(DISTINCT o.amount) FROM debt_positions.payment_options o JOIN debt_positions.positions p ON p.id = o.position_id
  WHERE p.reissued_as IS NOT NULL AND p.revenue_type = '$REVENUE'")
[[ "$PAIRS" == "$N" && "$REISSUED" == "$N" ]] || { say "lineage check failed: $PAIRS pairs, $REISSUED re-issued of $N"; exit 1; }

T_R0=$(now)
ROWS=$(api "$GW/api/debt-positions/v1/organizations/$EC/coercive/ruolo?revenueType=$REVENUE" | tail -n +2 | wc -l)
T_R1=$(now)
[[ "$ROWS" == "$N" ]] || { say "ruolo has $ROWS rows, expected $N"; exit 1; }

# The raw baseline of the same run: the rows the job wrote (the old positions' update, the new positions, their notices,
# transfers and history rows) written again by plain set-based SQL into copies of the tables with the same indexes, in one
# transaction. Not in it: the outbox rows (published and deleted by then) and the quotes.
say "baseline: the job's rows written again by plain SQL into copies of its tables"
"${PSQL[@]}" -v ON_ERROR_STOP=1 <<SQL
CREATE SCHEMA baseline;
CREATE TABLE baseline.positions (LIKE debt_positions.positions INCLUDING ALL);
CREATE TABLE baseline.payment_options (LIKE debt_positions.payment_options INCLUDING ALL);
CREATE TABLE baseline.transfers (LIKE debt_positions.transfers INCLUDING ALL);
CREATE TABLE baseline.position_history (LIKE debt_positions.position_history INCLUDING ALL);
INSERT INTO baseline.positions OVERRIDING SYSTEM VALUE SELECT * FROM debt_positions.positions WHERE revenue_type = '$REVENUE' AND reissued_as IS NOT NULL;
UPDATE baseline.positions SET status = 'VALID', reissued_as = NULL, reissued_at = NULL;
VACUUM ANALYZE baseline.positions;
SQL
T_B0=$(now)
"${PSQL[@]}" -v ON_ERROR_STOP=1 <<SQL
BEGIN;
UPDATE baseline.positions SET status = 'INVALID', reissued_as = iupd || '-R', reissued_at = now(), version = version + 1;
INSERT INTO baseline.positions OVERRIDING SYSTEM VALUE SELECT * FROM debt_positions.positions WHERE revenue_type = '$REVENUE' AND reissue_of IS NOT NULL;
INSERT INTO baseline.payment_options OVERRIDING SYSTEM VALUE SELECT o.* FROM debt_positions.payment_options o
  JOIN debt_positions.positions p ON p.id = o.position_id WHERE p.revenue_type = '$REVENUE' AND p.reissue_of IS NOT NULL;
INSERT INTO baseline.transfers SELECT t.* FROM debt_positions.transfers t JOIN debt_positions.payment_options o ON o.id = t.payment_option_id
  JOIN debt_positions.positions p ON p.id = o.position_id WHERE p.revenue_type = '$REVENUE' AND p.reissue_of IS NOT NULL;
INSERT INTO baseline.position_history OVERRIDING SYSTEM VALUE SELECT h.* FROM debt_positions.position_history h
  JOIN debt_positions.positions p ON p.id = h.position_id WHERE p.revenue_type = '$REVENUE';
COMMIT;
SQL
T_B1=$(now)
BASE_ROWS=$("${PSQL[@]}" -c "SELECT (SELECT count(*) FROM baseline.positions) + (SELECT count(*) FROM baseline.payment_options)
  + (SELECT count(*) FROM baseline.transfers) + (SELECT count(*) FROM baseline.position_history)")
BASELINE_S=$(awk -v a="$T_B0" -v b="$T_B1" 'BEGIN { printf "%.3f", b - a }')

JOB_S=$(secs "$T0" "$T_JOB")
REPORT="$OUT/reissue-$N.md"
{
  echo "### $N positions — $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores. Command: \`infra/bench/reissue.sh $N\` (batch ${REISSUE_BATCH:-200})."
  echo "Load before: \`${LOAD_BEFORE# }\`; after: \`${LOAD_AFTER# }\`."
  echo
  echo "| phase | seconds |"
  echo "|---|---|"
  echo "| bulk job: POST → COMPLETED ($REISSUED re-issued, $SKIPPED skipped) | $JOB_S |"
  echo "| outbox drained after the job (2 snapshots per position published) | $(secs "$T_JOB" "$T_PUBLISHED") |"
  echo "| **total: POST → every change published** | **$(secs "$T0" "$T_PUBLISHED")** |"
  echo "| ruolo CSV export ($ROWS rows) | $(secs "$T_R0" "$T_R1") |"
  echo "| baseline: the job's $BASE_ROWS rows written again by plain SQL, one transaction (same run) | $BASELINE_S |"
  echo "| **ratio bulk job / baseline** | **$(awk -v j="$JOB_S" -v b="$BASELINE_S" 'BEGIN { printf "%.1f", (b > 0 ? j / b : 0) }')×** |"
  echo
  echo "Throughput: $(awk -v n="$N" -v s="$JOB_S" 'BEGIN { printf "%.0f", n / s }') positions/s in the job. Lineage: $PAIRS old/new pairs pointing at each other."
  echo "Distinct debts quoted by Actualisation: $QUOTES (one quote per distinct debt and job)."
  echo
  echo "| process | CPU s during the job and drain |"
  echo "|---|---|"
  cpu_rows "$CPU_BEFORE" "$CPU_AFTER"
} >"$REPORT"
cat "$REPORT"
say "report: $REPORT"
