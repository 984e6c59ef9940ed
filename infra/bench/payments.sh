#!/usr/bin/env bash
# Complete payments benchmark (issue 20). On the running platform:
#   1. prepares POSITIONS payable positions (one notice each) with a bulk import through the gateway;
#   2. drives the NodeSimulator's payment load (verify → paGetPaymentV2 → paSendRTV2, each notice paid once) with
#      CONCURRENCY closed-loop callers for SECONDS, then waits until the platform has drained what the payments queued;
#   3. runs the floor: the same event path as a raw MassTransit chain (tests/Benchmarks/PaymentChainFloor).
# Reports payments/s at the station with p50/p99 per call as the Node saw them; for each payment the time from the
# station's answer to its receipt to the receipt archived, the position PAID and every read model updated; the
# backlog when the load stopped and the time to drain it; CPU seconds per payment per process (PostgreSQL's whole
# server and RabbitMQ included, the load generator apart); the floor and the ratios. Method: docs/bench/payments.md.
#
#   infra/platform.sh up && infra/bench/payments.sh [positions=20000] [concurrency=16] [seconds=60]
#
# Env (defaults: the platform of infra/platform.sh, moved like it by PLATFORM_PORT_OFFSET and PLATFORM_DATABASE):
#   GATEWAY_URL, SIMULATOR_URL, PG_DATABASE, RABBIT_VHOST, PG_CONNINFO (psql, without dbname), RABBIT_MANAGEMENT_URL,
#   RABBIT_AMQP (without vhost), RUN_DIR (the platform's pid files), KEY_FILE (the EC's API key), DRAIN_TIMEOUT (600 s),
#   FLOOR_CHAINS (default: as many as payments, at least 5000), FLOOR_CONCURRENCY (32), FLOOR_SIZES (bytes of the three
#   events; default: measured in this run), SKIP_FLOOR=1, VALIDATE=true (the simulator's XSD checks; off by default, as
#   they cost the load generator CPU).
# Each run adds POSITIONS paid positions to the database: compare runs on fresh databases (PLATFORM_DATABASE).
set -euo pipefail
[[ -n "${BENCH_LOCKED:-}" ]] || BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"

POSITIONS=${1:-20000}; CONCURRENCY=${2:-16}; SECONDS_LOAD=${3:-60}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/infra/bench"
# shellcheck source=../platform.env
source "$ROOT/infra/platform.env"
OFFSET=${PLATFORM_PORT_OFFSET:-0}
GW=${GATEWAY_URL:-http://127.0.0.1:$((5080 + OFFSET))}
SIM=${SIMULATOR_URL:-http://127.0.0.1:$((5190 + OFFSET))}
PG_CONNINFO=${PG_CONNINFO:-host=127.0.0.1 port=55432 user=postgres}
MGMT=${RABBIT_MANAGEMENT_URL:-http://127.0.0.1:55673}
AMQP=${RABBIT_AMQP:-amqp://guest:guest@127.0.0.1:55672}
RUN_DIR=${RUN_DIR:-$ROOT/.local/run}
EC=$DEMO_EC
KEY_FILE=${KEY_FILE:-$ROOT/.local/keys/$EC}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-600}
PSQL=(psql "$PG_CONNINFO dbname=$PG_DATABASE" -tAq -v ON_ERROR_STOP=1)
OUT="$ROOT/.local/bench"; mkdir -p "$OUT"
RUN_ID="p$(date +%s)"; WORK="$OUT/payments-$RUN_ID"; mkdir -p "$WORK"
FLOOR_DLL="$ROOT/tests/Benchmarks/PaymentChainFloor/bin/Release/net10.0/PaymentChainFloor.dll"
TICKS=$(getconf CLK_TCK)
say() { printf '[payments-bench] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%S.%6NZ; }

((POSITIONS >= 1 && POSITIONS <= 100000)) || die "positions: 1..100000 (the load's notice list)"
[[ -s "$KEY_FILE" ]] || die "no API key in $KEY_FILE: run infra/platform.sh up first"
KEY=$(cat "$KEY_FILE")
curl -fsS -o /dev/null "$GW/health/debt-positions/ready" || die "no platform behind $GW: infra/platform.sh up"
curl -fsS -o /dev/null "$SIM/health" || die "no NodeSimulator at $SIM"
[[ -f "$FLOOR_DLL" ]] || dotnet build "$ROOT/tests/Benchmarks/PaymentChainFloor" -c Release -v q -nologo -clp:ErrorsOnly >/dev/null
# The demo EC's IUV configuration, as the demo sets it (idempotent).
curl -fsS -H "X-Api-Key: $KEY" -X PUT "$GW/api/iuv/organizations/$EC" -H 'content-type: application/json' \
  -d '{"segregationCode":"01","auxDigit":3}' >/dev/null

# ---- what is queued anywhere: RabbitMQ's queues of the vhost and every service's outbox ----------------------------
OUTBOXES=$("${PSQL[@]}" -c "SELECT string_agg(format('SELECT %L, count(*) FROM %I.outbox_messages', table_schema, table_schema), ' UNION ALL ')
  FROM information_schema.tables WHERE table_name = 'outbox_messages'")
outbox_rows() { "${PSQL[@]}" -F ' ' -c "$OUTBOXES"; }
# Queue depths as the management API last sampled them (its statistics interval, 5 s by default).
queue_depths() { curl -fsS -u guest:guest "$MGMT/api/queues/$RABBIT_VHOST?columns=name,messages" | jq -r '.[] | "\(.name) \(.messages // 0)"'; }
queued_total() { { outbox_rows; queue_depths; } | awk '{ s += $2 } END { print s + 0 }'; }
wait_idle() { # wait_idle WHAT: nothing queued anywhere, twice in a row 6 s apart (the management API's samples lag)
  local deadline=$((SECONDS + DRAIN_TIMEOUT)) quiet=0
  while ((quiet < 2)); do
    if [[ $(queued_total) == 0 ]]; then quiet=$((quiet + 1)); else quiet=0; fi
    ((SECONDS < deadline)) || die "$1: still busy after $DRAIN_TIMEOUT s"
    if ((quiet < 2)); then sleep 6; fi
  done
}

# ---- 1. positions, imported and payable -----------------------------------------------------------------------------
say "run $RUN_ID: importing $POSITIONS positions"
CSV="$WORK/positions.csv"
awk -v n="$POSITIONS" -v p="$RUN_ID" -v due="$(date -d '+60 days' +%F)" 'BEGIN {
  print "iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban"
  for (i = 0; i < n; i++)
    printf "%s-%07d,F,RSSMRA80A01H501U,Mario Rossi %d,Comune di Demo,TARI 2026,%d,%s,TARI 2026 rata unica,9/0101108TS/,IT60X0542811101000000123456\n", p, i, i, 1000 + i % 50000, due
}' >"$CSV"
T_PREP=$(now)
IMPORT=$(curl -fsS -H "X-Api-Key: $KEY" -X POST -T "$CSV" -H 'Content-Type: text/csv' "$GW/api/debt-positions/v1/organizations/$EC/imports?toPublish=true")
IMPORT_ID=$(jq -r .id <<<"$IMPORT")
while true; do
  S=$(curl -fsS -H "X-Api-Key: $KEY" "$GW/api/debt-positions/v1/organizations/$EC/imports/$IMPORT_ID")
  case $(jq -r .status <<<"$S") in
    COMPLETED) break ;;
    FAILED | CANCELLED) die "import $IMPORT_ID: $S" ;;
  esac
  sleep 2
done
IMPORTED=$(jq -r .rowsImported <<<"$S")
((IMPORTED == POSITIONS)) || die "import $IMPORT_ID imported $IMPORTED of $POSITIONS: $S"
until [[ $("${PSQL[@]}" -c "SELECT count(*) FROM node_adapter.notices WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%'") -ge $IMPORTED ]]; do
  sleep 1
done
say "every notice payable; waiting until nothing is queued (the import's events)"
wait_idle "after the import"
T_READY=$(now)
say "prepared in $(secs "$T_PREP" "$T_READY") s"

# ---- CPU of every process, PostgreSQL's whole server, RabbitMQ, the machine ------------------------------------------
PG_DATA=$("${PSQL[@]}" -c "SHOW data_directory" 2>/dev/null || true)
POSTMASTER=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null || pgrep -o -x postgres || echo 0)
# name ticks; a name may repeat (summed later). The whole server: the postmaster with its reaped children (fields 16, 17:
# backends and workers that ended during the run count too) and every live child.
cpu_snapshot() {
  local f pid
  for f in "$RUN_DIR"/*.pid; do
    printf '%s %s\n' "$(basename "$f" .pid)" "$(awk '{print $14 + $15}' "/proc/$(cat "$f")/stat" 2>/dev/null || echo 0)"
  done
  for pid in $("${PSQL[@]}" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$PG_DATABASE' AND pid <> pg_backend_pid()"); do
    printf 'postgres:%s %s\n' "$pid" "$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
  done
  printf 'postgres-server %s\n' "$(awk '{print $14 + $15 + $16 + $17}' "/proc/$POSTMASTER/stat" 2>/dev/null || echo 0)"
  for pid in $(pgrep -P "$POSTMASTER" 2>/dev/null); do
    printf 'postgres-server:%s %s\n' "$pid" "$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
  done
  for pid in $(pgrep -x beam.smp); do printf 'rabbitmq %s\n' "$(awk '{print $14 + $15}' "/proc/$pid/stat")"; done
  awk '/^cpu / { print "machine", $2 + $3 + $4 + $7 + $8 + $9; print "steal", $9 }' /proc/stat
}
# name → CPU seconds between two snapshots. A process absent before counts from 0; one that ended during the interval is
# in the postmaster's reaped children afterwards, with what it had used before, which the total before holds: the whole
# server is therefore a difference of totals.
cpu_used() {
  awk -v t="$TICKS" 'NR == FNR { if ($1 ~ /^postgres-server/) server -= $2; else before[$1] = $2; next }
    $1 ~ /^postgres-server/ { server += $2; next }
    { n = $1; sub(/:.*/, "", n); used[n] += ($2 - (($1 in before) ? before[$1] : 0)) / t }
    END { used["postgres-server"] = server / t; for (n in used) printf "%s %.2f\n", n, used[n] }' "$1" "$2"
}

# Methods each service's JIT compiled (its /metrics): a process still tiering up spends CPU on compiling and on code not
# yet optimised, so a run whose column is not near 0 measured a warm-up, not the steady state (docs/bench/payments.md).
jit_snapshot() {
  local entry name port extra
  for entry in "${PROCESSES[@]}"; do
    IFS='|' read -r name _ port extra <<<"$entry"
    [[ $name == NodeSimulator ]] && continue
    # The gateway serves /metrics on its management port only.
    [[ $extra =~ Management__Port=([0-9]+) ]] && port=${BASH_REMATCH[1]}
    printf '%s %s\n' "$name" "$(curl -fsS --max-time 2 "http://127.0.0.1:$((port + OFFSET))/metrics" 2>/dev/null \
      | awk '/^dotnet_jit_compiled_methods_total/ { print $2 }' || true)"
  done
}
jit_used() { awk 'NR == FNR { before[$1] = $2; next } $2 != "" && before[$1] != "" { printf "%s %d\n", $1, $2 - before[$1] }' "$1" "$2"; }

# ---- what the database and the broker did: counters of the database and of every queue of the vhost ----------------
# Cumulative counters, read before the load and after the drain: their difference ÷ positions paid is the work each
# payment caused (transactions, rows written, WAL, deliveries per queue), the "why" behind the CPU figures.
db_snapshot() {
  "${PSQL[@]}" -F ' ' -c "SELECT 'commits', xact_commit FROM pg_stat_database WHERE datname = current_database()
    UNION ALL SELECT 'rollbacks', xact_rollback FROM pg_stat_database WHERE datname = current_database()
    UNION ALL SELECT 'rows_inserted', tup_inserted FROM pg_stat_database WHERE datname = current_database()
    UNION ALL SELECT 'rows_updated', tup_updated FROM pg_stat_database WHERE datname = current_database()
    UNION ALL SELECT 'rows_deleted', tup_deleted FROM pg_stat_database WHERE datname = current_database()
    UNION ALL SELECT 'wal_bytes', pg_current_wal_lsn() - '0/0'::pg_lsn"
}
queue_deliveries() { curl -fsS -u guest:guest "$MGMT/api/queues/$RABBIT_VHOST?columns=name,message_stats" \
  | jq -r '.[] | "\(.name) \(.message_stats.deliver_get // 0)"'; }
# With pg_stat_statements loaded (servers started with PAYMENTS_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"),
# the statements the payments caused, by calls: which process's which statement the commits and the CPU go to.
STATEMENTS=$("${PSQL[@]}" -c "SELECT count(*) FROM pg_settings WHERE name = 'shared_preload_libraries' AND setting LIKE '%pg_stat_statements%'")
statements_reset() { [[ $STATEMENTS == 1 ]] || return 0; "${PSQL[@]}" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" >/dev/null; }
statements_top() {
  "${PSQL[@]}" -F '|' -c "SELECT calls, round(total_exec_time::numeric, 0), regexp_replace(left(query, 160), '[[:space:]|]+', ' ', 'g')
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()
    ORDER BY calls DESC LIMIT ${STATEMENTS_TOP:-25}"
}
# name value lines of two snapshots → name difference (names absent before count from 0), non-zero only.
counter_delta() { awk 'NR == FNR { a[$1] = $2; next } { d = $2 - a[$1]; if (d > 0) print $1, d }' "$1" "$2"; }

# ---- 2. the payments ------------------------------------------------------------------------------------------------
"${PSQL[@]}" -c "SELECT json_build_object('operation', 'payment', 'organizationFiscalCode', '$EC', 'concurrency', $CONCURRENCY,
    'durationSeconds', $SECONDS_LOAD, 'validate', ${VALIDATE:-false}, 'style', 'Compact', 'notices', json_agg(o.nav ORDER BY p.iupd))
  FROM debt_positions.positions p JOIN debt_positions.payment_options o ON o.position_id = p.id
  WHERE p.organization_fiscal_code = '$EC' AND p.iupd LIKE '$RUN_ID-%'" >"$WORK/load-request.json"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
statements_reset; cpu_snapshot >"$WORK/cpu-0"; jit_snapshot >"$WORK/jit-0"; db_snapshot >"$WORK/db-0"; queue_deliveries >"$WORK/deliveries-0"
T_LOAD0=$(now)
say "paying: $CONCURRENCY callers for $SECONDS_LOAD s"
curl -fsS -H 'content-type: application/json' --data-binary @"$WORK/load-request.json" "$SIM/simulator/load" >"$WORK/load-report.json" \
  || die "the load run failed"
T_LOAD1=$(now)
cpu_snapshot >"$WORK/cpu-1"
outbox_rows >"$WORK/backlog-outboxes"; queue_depths >"$WORK/backlog-queues"
curl -fsS "$SIM/simulator/load/payments" >"$WORK/timeline.csv"
OK=$(jq '.outcomes.OK // 0' "$WORK/load-report.json")
say "$OK payments answered OK; waiting until each is in every read model and nothing is queued"

# Payments of this run that reached each place; the drain ends when every OK payment reached the last one.
progress() {
  "${PSQL[@]}" -F ' ' -c "SELECT
      (SELECT count(*) FROM receipts.receipts WHERE organization_fiscal_code = '$EC' AND recorded_at >= '$(iso "$T_LOAD0")'),
      (SELECT count(*) FROM debt_positions.positions WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%' AND status = 'PAID'),
      (SELECT count(*) FROM node_adapter.notices WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%' AND position_status = 'PAID'),
      (SELECT count(*) FROM actualisation.positions WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%' AND status = 'PAID'),
      (SELECT count(*) FROM iuv_issuance.notice_positions WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%' AND status = 'PAID'),
      (SELECT count(DISTINCT receipt_id) FROM reporting.paid_transfers WHERE organization_fiscal_code = '$EC' AND recorded_at >= '$(iso "$T_LOAD0")')"
}
DEADLINE=$((SECONDS + DRAIN_TIMEOUT))
until [[ $(progress | awk -v ok="$OK" '{ m = $1; for (i = 2; i <= NF; i++) if ($i < m) m = $i; print (m >= ok) }') == 1 ]]; do
  ((SECONDS < DEADLINE)) || die "not drained after $DRAIN_TIMEOUT s: $(progress) of $OK (receipts, PAID, notices, actualisation, iuv, reporting)"
  # Every 2 s: the polls' own cost in PostgreSQL counts in its CPU; the drain's time comes from the timestamps anyway.
  sleep 2
done
T_REACHED=$(now)
wait_idle "after the payments"
T_IDLE=$(now)
cpu_snapshot >"$WORK/cpu-2"; jit_snapshot >"$WORK/jit-2"; db_snapshot >"$WORK/db-2"; queue_deliveries >"$WORK/deliveries-2"
[[ $STATEMENTS == 1 ]] && statements_top >"$WORK/statements"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- per payment: the Node's calls and the way through the platform (one psql session: the timeline is a temp table) -
"${PSQL[@]}" -F '|' -v ec="$EC" -v run="$RUN_ID" -v load0="$(iso "$T_LOAD0")" -v load1="$(iso "$T_LOAD1")" \
  -f "$HERE/payments.sql" <"$WORK/timeline.csv" >"$WORK/latencies"
# key|count|p50|p99|max (ms) per line; "-" when no row.
lat() { awk -F'|' -v k="$1" -v f="$2" '$1 == k { v = $f } END { print (v == "" ? "-" : v) }' "$WORK/latencies"; }

# Average bytes of the three events of this run's payments, for the floor: ReceiptReceived as the receipt log keeps it,
# PaymentRecorded as its subset of the receipt's fields (jsonb text has a space after each colon and comma: close enough
# for a filler), DebtPositionChanged as one paid position of the run in GPD's JSON without nulls (the snapshot carries
# the same fields; the wire JSON leaves nulls out) plus the event's own fields.
event_sizes() {
  local iupd position
  iupd=$("${PSQL[@]}" -c "SELECT min(iupd) FROM debt_positions.positions WHERE organization_fiscal_code = '$EC' AND iupd LIKE '$RUN_ID-%' AND status = 'PAID'")
  position=$(curl -fsS -H "X-Api-Key: $KEY" "$GW/api/debt-positions/v1/organizations/$EC/debtpositions/$iupd" | jq -c 'del(.. | nulls)' | wc -c)
  "${PSQL[@]}" -c "SELECT concat_ws(',', round(avg(length(l.receipt::text))),
      round(avg(length((l.receipt - ARRAY['outcome', 'description', 'companyName', 'debtorFiscalCode', 'debtorName', 'payerFiscalCode',
        'pspCompanyName', 'channelId', 'paymentMethod', 'feeCents', 'applicationDate', 'transferDate', 'anomaly', 'soapVersion', 'receiptXml'])::text))),
      $position + 100)
    FROM node_adapter.receipt_log l WHERE l.organization_fiscal_code = '$EC' AND l.iupd LIKE '$RUN_ID-%'"
}

# ---- 3. the floor ---------------------------------------------------------------------------------------------------
if [[ -z "${SKIP_FLOOR:-}" ]]; then
  SIZES=${FLOOR_SIZES:-$(event_sizes || true)}
  [[ "$SIZES" =~ ^[0-9]+,[0-9]+,[0-9]+$ ]] || SIZES=2600,700,2400
  CHAINS=${FLOOR_CHAINS:-$((OK > 5000 ? OK : 5000))}
  FLOOR_VHOST="${RABBIT_VHOST}_floor"
  curl -fsS -u guest:guest -X DELETE "$MGMT/api/vhosts/$FLOOR_VHOST" >/dev/null 2>&1 || true
  curl -fsS -u guest:guest -X PUT "$MGMT/api/vhosts/$FLOOR_VHOST" >/dev/null
  curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
    "$MGMT/api/permissions/$FLOOR_VHOST/guest" >/dev/null
  say "floor: $CHAINS chains of the same event path (sizes $SIZES bytes), raw MassTransit, vhost $FLOOR_VHOST"
  # The floor measures RabbitMQ's CPU itself, over its measured part (after its own warm-up).
  FLOOR=$(dotnet "$FLOOR_DLL" "$AMQP/$FLOOR_VHOST" "$CHAINS" "${FLOOR_CONCURRENCY:-32}" "$SIZES" "$(pgrep -x beam.smp | paste -sd,)")
  curl -fsS -u guest:guest -X DELETE "$MGMT/api/vhosts/$FLOOR_VHOST" >/dev/null
  say "$FLOOR"
fi

# ---- report ---------------------------------------------------------------------------------------------------------
LOAD_CPU=$(cpu_used "$WORK/cpu-0" "$WORK/cpu-1"); ALL_CPU=$(cpu_used "$WORK/cpu-0" "$WORK/cpu-2")
cpu() { awk -v n="$1" '$1 == n { print $2 }' <<<"$2"; }
JIT=$(jit_used "$WORK/jit-0" "$WORK/jit-2")
per_payment() { awk -v s="$1" -v n="$PAID" 'BEGIN { if (n > 0 && s != "") printf "%.2f", s * 1000 / n; else print "-" }'; }
r() { jq -r "$1" "$WORK/load-report.json"; }
nonzero() { awk '$2 > 0 { printf "%s%s %s", (n++ ? ", " : " ("), $1, $2 } END { if (n) printf ")" }' "$1"; }
field() { sed -E "s/(^|.* )$1=([0-9.,]+).*/\\2/" <<<"$FLOOR"; }
ELAPSED=$(r .elapsedSeconds)
# Every position the run paid, including those whose receipt was in flight when the load's time was up (the station
# stored them, the Node did not count them): the work the platform did.
PAID=$(lat sustained 2); LAST_PAID=$(lat sustained 3)
SERVICES=$(for f in "$RUN_DIR"/*.pid; do n=$(basename "$f" .pid); [[ $n == NodeSimulator || $n == prometheus || $n == postgres-exporter ]] || echo "$n"; done)
SERVICES_CPU=$(for n in $SERVICES; do cpu "$n" "$ALL_CPU"; done | awk '{ s += $1 } END { printf "%.2f", s }')
PLATFORM_CPU=$(awk -v a="$SERVICES_CPU" -v b="$(cpu postgres-server "$ALL_CPU")" -v c="$(cpu rabbitmq "$ALL_CPU")" 'BEGIN { printf "%.2f", a + b + c }')
REPORT="$OUT/payments-$POSITIONS-c$CONCURRENCY-${SECONDS_LOAD}s-$RUN_ID.md"
{
  echo "### $POSITIONS positions, $CONCURRENCY callers, $SECONDS_LOAD s — $(date -u +'%Y-%m-%d %H:%M UTC'), run $RUN_ID"
  echo
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores. Command: \`infra/bench/payments.sh $POSITIONS $CONCURRENCY $SECONDS_LOAD\`."
  echo "Load average before the payments: $LOAD_BEFORE; after the drain: $LOAD_AFTER. Positions prepared in $(secs "$T_PREP" "$T_READY") s."
  echo "Simulator: XSD validation $(r .schemaValidation), style Compact; notices exhausted: $(r .noticesExhausted)."
  echo
  echo "**At the station, as the Node saw it**"
  echo
  echo "| payments OK | KO | no answer | seconds | payments/s | per payment p50 / p99 ms | verify p50 / p99 | getPaymentV2 p50 / p99 | sendRTV2 p50 / p99 |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "| $OK | $(r '.outcomes.KO // 0') | $(r '[.errors[]] | add // 0') | $ELAPSED | $(r .requestsPerSecond) | $(r .latencyMs.p50) / $(r .latencyMs.p99) | $(lat verify 3) / $(lat verify 4) | $(lat get 3) / $(lat get 4) | $(lat send 3) / $(lat send 4) |"
  if [[ $(r '(.faults | length) + (.errors | length)') != 0 ]]; then
    echo; echo "KO by fault: \`$(jq -c .faults "$WORK/load-report.json")\`; no answer: \`$(jq -c .errors "$WORK/load-report.json")\`."
  fi
  echo
  echo "**After the station answered the receipt** (ms from the Node's answer time; the platform's timestamps)"
  echo
  echo "| reached | payments | p50 ms | p99 ms | max ms |"
  echo "|---|---|---|---|---|"
  for k in archived paid notices actualisation iuv reporting readmodels; do
    case $k in archived) l="receipt archived (Receipts)" ;; paid) l="position PAID (DebtPositions)" ;;
      notices) l="station's notice PAID (NodeAdapter)" ;; actualisation) l="Actualisation's position PAID" ;;
      iuv) l="IuvIssuance's notice position PAID" ;; reporting) l="paid transfers stored (Reporting)" ;;
      readmodels) l="**every read model updated** (the latest of the four above)" ;; esac
    echo "| $l | $(lat $k 2) | $(lat $k 3) | $(lat $k 4) | $(lat $k 5) |"
  done
  echo
  echo "Sustained end to end: $PAID positions PAID ($OK answered OK to the Node; any more were in flight when the load stopped), the last $LAST_PAID s after the load started:" \
    "**$(awk -v n="$PAID" -v s="$LAST_PAID" 'BEGIN { if (s > 0) printf "%.1f", n / s; else print "-" }') payments/s**" \
    "(station: $(r .requestsPerSecond)/s)."
  echo "Backlog when the load stopped: $(awk '{ s += $2 } END { print s + 0 }' "$WORK/backlog-queues") messages in RabbitMQ$(nonzero "$WORK/backlog-queues")," \
    "$(awk '{ s += $2 } END { print s + 0 }' "$WORK/backlog-outboxes") outbox rows$(nonzero "$WORK/backlog-outboxes")."
  echo "Drained: the last read model updated $(lat drain 3) s after the load stopped; nothing queued anywhere $(secs "$T_LOAD1" "$T_IDLE") s after it (polled every 6 s)."
  echo
  echo "**CPU** (user + system, /proc; per payment = load + drain ÷ $PAID positions paid)"
  echo
  echo "| process | CPU s during the load | CPU s load + drain | ms per payment | methods JIT-compiled |"
  echo "|---|---|---|---|---|"
  for n in $SERVICES; do echo "| $n | $(cpu "$n" "$LOAD_CPU") | $(cpu "$n" "$ALL_CPU") | $(per_payment "$(cpu "$n" "$ALL_CPU")") | $(cpu "$n" "$JIT") |"; done
  echo "| PostgreSQL, whole server (backends of every database, WAL writer, checkpointer, autovacuum) | $(cpu postgres-server "$LOAD_CPU") | $(cpu postgres-server "$ALL_CPU") | $(per_payment "$(cpu postgres-server "$ALL_CPU")") |"
  echo "| … of which the backends of $PG_DATABASE | $(cpu postgres "$LOAD_CPU") | $(cpu postgres "$ALL_CPU") | $(per_payment "$(cpu postgres "$ALL_CPU")") |"
  echo "| RabbitMQ (beam.smp) | $(cpu rabbitmq "$LOAD_CPU") | $(cpu rabbitmq "$ALL_CPU") | $(per_payment "$(cpu rabbitmq "$ALL_CPU")") |"
  echo "| **platform: services + PostgreSQL + RabbitMQ** | | **$PLATFORM_CPU** | **$(per_payment "$PLATFORM_CPU")** |"
  echo "| whole machine (/proc/stat, kernel included; $(cpu steal "$ALL_CPU") s stolen) | $(cpu machine "$LOAD_CPU") | $(cpu machine "$ALL_CPU") | $(per_payment "$(cpu machine "$ALL_CPU")") |"
  echo "| load generator (NodeSimulator), apart | $(cpu NodeSimulator "$LOAD_CPU") | $(cpu NodeSimulator "$ALL_CPU") | $(per_payment "$(cpu NodeSimulator "$ALL_CPU")") |"
  for n in prometheus postgres-exporter; do [[ -f "$RUN_DIR/$n.pid" ]] && echo "| $n (monitoring), apart | $(cpu "$n" "$LOAD_CPU") | $(cpu "$n" "$ALL_CPU") | |"; done
  echo
  echo "**Work per payment** (counters before the load and after the drain ÷ $PAID positions paid; the database's counters"
  echo "include the benchmark's own polls, a few per second)"
  echo
  echo "| what | total | per payment |"
  echo "|---|---|---|"
  counter_delta "$WORK/db-0" "$WORK/db-2" | while read -r n v; do
    [[ $n == wal_bytes ]] && { echo "| WAL written, whole server (KiB) | $((v / 1024)) | $(awk -v v="$v" -v n="$PAID" 'BEGIN { printf "%.1f", v / 1024 / n }') |"; continue; }
    echo "| $n in $PG_DATABASE | $v | $(awk -v v="$v" -v n="$PAID" 'BEGIN { printf "%.1f", v / n }') |"
  done
  counter_delta "$WORK/deliveries-0" "$WORK/deliveries-2" | sort -k2,2nr | while read -r n v; do
    echo "| deliveries from $n | $v | $(awk -v v="$v" -v n="$PAID" 'BEGIN { printf "%.2f", v / n }') |"
  done
  if [[ -s "$WORK/statements" ]]; then
    echo
    echo "**Statements by calls** (pg_stat_statements, $PG_DATABASE, from before the load to after the drain)"
    echo
    echo "| calls per payment | ms total | statement |"
    echo "|---|---|---|"
    awk -F'|' -v n="$PAID" '{ printf "| %.2f | %s | `%s` |\n", (n > 0 ? $1 / n : 0), $2, $3 }' "$WORK/statements"
  fi
  if [[ -n "${FLOOR:-}" ]]; then
    CH=$(field chains); RABBIT_FLOOR=$(field others_cpu_s)
    FLOOR_MS=$(awk -v a="$(field cpu_s)" -v b="$RABBIT_FLOOR" -v c="$CH" 'BEGIN { printf "%.3f", (a + b) * 1000 / c }')
    echo
    echo "**Floor**: the same event path as a raw MassTransit chain (tests/Benchmarks/PaymentChainFloor): 3 publishes and" \
      "7 deliveries per chain (1 → 2 → 4), quorum queues, persistent messages, publisher confirms, events of $(field sizes) bytes" \
      "(as measured in this run), $(field concurrency) first publishes in flight, no database."
    echo
    echo "| chains | seconds | chains/s | deliveries/s | CPU s floor process | CPU s RabbitMQ | ms CPU per chain |"
    echo "|---|---|---|---|---|---|---|"
    echo "| $CH | $(field seconds) | $(field chains_per_s) | $(field deliveries_per_s) | $(field cpu_s) | $RABBIT_FLOOR | $FLOOR_MS |"
    echo
    echo "**Ratios to the floor**: sustained payments/s ÷ chains/s =" \
      "$(awk -v n="$PAID" -v s="$LAST_PAID" -v f="$(field chains_per_s)" 'BEGIN { if (s > 0 && f > 0) printf "%.3f", n / s / f; else print "-" }');" \
      "CPU per payment (platform) ÷ CPU per chain = $(awk -v p="$(per_payment "$PLATFORM_CPU")" -v f="$FLOOR_MS" 'BEGIN { if (f > 0 && p != "-") printf "%.1f×", p / f; else print "-" }')."
  fi
} | tee "$REPORT"
say "report: $REPORT (raw files: $WORK)"
