#!/usr/bin/env bash
# Reconciliation benchmark P4 end to end (issue 15): the NodeSimulator publishes one reporting flow of N payments on its
# FdR REST API; NodeAdapter's poller lists it and downloads it page by page (1,000 rows a page), stores it and publishes
# ReportingFlowDownloaded through its outbox; RabbitMQ carries the event to Reporting, whose consumer stores and matches
# every row against N receipts archived beforehand; then every row's labels are read from the three-way view, as in
# reconcile.sh. Timed from the flow's publication on the FdR API to every row classified, with its phases.
# Runs its own private stack (NodeSimulator, NodeAdapter, Reporting from their Release builds) on its own ports, database
# and vhost of the shared PostgreSQL/RabbitMQ, so it needs no running platform and none of platform.sh's fixed ports:
#   eval "$(infra/servers.sh env)" && infra/bench/reconcile-flow.sh [payments=100000]
# Env: PORT_BASE (7400: NodeSimulator +0, its SMTP sink +1, NodeAdapter +3, Reporting +6), POLL (NodeAdapter's
# Fdr__PollInterval, 00:00:00.200), BENCH_KEEP=1 (keep the stack, database and vhost afterwards).
# Writes the figures to .local/bench/reconcile-flow-<payments>.md.
set -euo pipefail
[[ -n "${BENCH_LOCKED:-}" ]] || BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"

N=${1:-100000}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASE=${PORT_BASE:-7400}; SIM_PORT=$BASE; SMTP_PORT=$((BASE + 1)); NA_PORT=$((BASE + 3)); REP_PORT=$((BASE + 6))
SIM="http://127.0.0.1:$SIM_PORT"; EC=77777777777; POLL=${POLL:-00:00:00.200}
PG_HOST=127.0.0.1; PG_PORT=55432; AMQP_PORT=55672; MGMT="http://127.0.0.1:55673"
DB="bench_reconcile_flow_$$"; RUN="$ROOT/.local/bench-reconcile-flow-$$"; OUT="$ROOT/.local/bench"; mkdir -p "$RUN" "$OUT"
PG="Host=$PG_HOST;Port=$PG_PORT;Username=postgres;Password=postgres;Database=$DB;Maximum Pool Size=30"
PSQL=(psql "host=$PG_HOST port=$PG_PORT user=postgres dbname=$DB" -v ON_ERROR_STOP=1 -tAq)
COMMON=(ConnectionStrings__Payments="$PG" ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:$AMQP_PORT/$DB"
  Identity__SigningKey="$(head -c 32 /dev/urandom | base64)" ASPNETCORE_ENVIRONMENT=Production Logging__Console__FormatterName=simple)
say() { printf '[reconcile-flow-bench] %s\n' "$*" >&2; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# shellcheck source=lib/private-stack.sh
source "$ROOT/infra/bench/lib/private-stack.sh"

build_release tests/NodeSimulator services/NodeAdapter services/Reporting

trap teardown EXIT

say "private stack: database and vhost $DB, simulator :$SIM_PORT"
create_database_and_vhost
for project in services/NodeAdapter services/Reporting; do env "${COMMON[@]}" dotnet "$(dll "$project")" migrate >/dev/null; done

say "archiving $N receipts (Reporting's paid transfers, as its receipt consumer stores them)"
"${PSQL[@]}" -c "INSERT INTO reporting.paid_transfers (organization_fiscal_code, iuv, receipt_id, id_transfer, amount_cents, payment_date_time, psp_id, stand_in, recorded_at, category)
  SELECT '$EC', lpad(g::text, 17, '0'), 'rcpt-' || g, 1, 100 + g % 5000, now() - interval '2 days', 'PSPSIM01', false, now(), '9/0101108TS/'
  FROM generate_series(1, $N) g"
"${PSQL[@]}" -c "ANALYZE reporting.paid_transfers"

start tests/NodeSimulator "$SIM_PORT" Node__StationUrl=http://127.0.0.1:1/pagopa/paForNode Node__BrokerId="$EC" \
  Node__StationId="${EC}_01" Node__PspId=PSPSIM01 Mail__SmtpPort="$SMTP_PORT"
start services/Reporting "$REP_PORT"
start services/NodeAdapter "$NA_PORT" Station__BrokerId="$EC" Station__StationId="${EC}_01" Station__Organizations__0="$EC" \
  Station__PublicUrl="http://127.0.0.1:$NA_PORT/pagopa/paForNode" Fdr__BaseUrl="$SIM" Fdr__PollInterval="$POLL"
ready NodeSimulator "$SIM/health"
ready Reporting "http://127.0.0.1:$REP_PORT/health"
ready NodeAdapter "http://127.0.0.1:$NA_PORT/health"

LOAD_BEFORE=$(uptime)
CPU_BEFORE=$(cpu_ticks)
say "publishing a flow of $N payments on the FdR API"
T0=$(now)
FLOW=$(curl -fsS -X POST "$SIM/simulator/flows/generated" -H 'content-type: application/json' \
  -d "{\"organizationFiscalCode\":\"$EC\",\"payments\":$N}")
T_PUBLISHED=$(now)
FDR=$(json_field fdr "$FLOW")
[[ "$FDR" != "?" ]] || { say "no flow id in $FLOW"; exit 1; }

# NodeAdapter stores the flow and its outbox event in one transaction, once every page is read: first_seen_at is then.
until [[ "$("${PSQL[@]}" -c "SELECT count(*) FROM node_adapter.reporting_flows WHERE flow_id = '$FDR' AND status = 'downloaded'")" == 1 ]]; do
  kill -0 "$(cat "$RUN/NodeAdapter.pid")" 2>/dev/null || { tail -n 30 "$RUN/NodeAdapter.log" >&2; say "NodeAdapter exited"; exit 1; }
  PARKED=$("${PSQL[@]}" -c "SELECT error FROM node_adapter.reporting_flows WHERE flow_id = '$FDR' AND status = 'parked'")
  [[ -z "$PARKED" ]] || { say "NodeAdapter parked the flow: $PARKED"; exit 1; }
  sleep 0.05
done
T_DOWNLOADED=$(now)
until [[ "$("${PSQL[@]}" -c "SELECT count(*) FROM node_adapter.outbox_messages")" == 0 ]]; do sleep 0.05; done
T_SENT=$(now)
# Reporting's consumer writes the flow and all its rows, matched, in one transaction.
until [[ "$("${PSQL[@]}" -c "SELECT count(*) FROM reporting.flows WHERE flow_id = '$FDR'")" == 1 ]]; do
  kill -0 "$(cat "$RUN/Reporting.pid")" 2>/dev/null || { tail -n 30 "$RUN/Reporting.log" >&2; say "Reporting exited"; exit 1; }
  sleep 0.05
done
T_STORED=$(now)
CLASSIFIED=$("${PSQL[@]}" -c "SELECT count(*) FILTER (WHERE 'RT_IUF' = ANY (labels)) FROM reporting.transfer_reconciliation WHERE organization_fiscal_code = '$EC'")
T_CLASSIFIED=$(now)
CPU_AFTER=$(cpu_ticks)
LOAD_AFTER=$(uptime)
ROWS=$("${PSQL[@]}" -c "SELECT count(*) FROM reporting.flow_rows WHERE flow_id = '$FDR' AND match_status = 'matched'")
SEEN=$("${PSQL[@]}" -c "SELECT to_char(first_seen_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') FROM node_adapter.reporting_flows WHERE flow_id = '$FDR'")
[[ "$ROWS" == "$N" && "$CLASSIFIED" == "$N" ]] || { say "expected $N rows matched and classified, got $ROWS / $CLASSIFIED"; exit 1; }

REPORT="$OUT/reconcile-flow-$N.md"
{
  echo "### P4 end to end, $N payments — $(date -u +'%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores. Command: \`infra/bench/reconcile-flow.sh $N\` (poll every $POLL)."
  echo "Load before: \`${LOAD_BEFORE# }\`; after: \`${LOAD_AFTER# }\`."
  echo
  echo "| phase | seconds |"
  echo "|---|---|"
  echo "| the simulator builds and publishes the flow (POST answered) | $(secs "$T0" "$T_PUBLISHED") |"
  echo "| NodeAdapter: next poll, flow and $(( (N + 999) / 1000 )) pages downloaded, flow + event stored (first_seen_at $SEEN UTC) | $(secs "$T_PUBLISHED" "$T_DOWNLOADED") |"
  echo "| outbox relay: the event published to RabbitMQ | $(secs "$T_DOWNLOADED" "$T_SENT") |"
  echo "| RabbitMQ to Reporting, consumer: $N rows stored and matched | $(secs "$T_SENT" "$T_STORED") |"
  echo "| every row classified (labels of all $N transfers from the view) | $(secs "$T_STORED" "$T_CLASSIFIED") |"
  echo "| **total: flow published → every row classified** | **$(secs "$T_PUBLISHED" "$T_CLASSIFIED")** |"
  echo
  echo "| process | CPU s from publication to classification |"
  echo "|---|---|"
  cpu_rows "$CPU_BEFORE" "$CPU_AFTER"
} >"$REPORT"
cat "$REPORT"
say "report: $REPORT"
