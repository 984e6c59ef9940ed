#!/usr/bin/env bash
# Chaos run (issue 17, item 6): N payments through the station (verify → paGetPaymentV2 → paSendRTV2, by the Node
# simulator's load mode) while the simulator publishes reporting flows, and meanwhile every service is killed once
# with SIGKILL and started again, RabbitMQ is restarted once and PostgreSQL is restarted once (immediate stop, as a
# crash), each while a tenth of the payments is under way. Payments that did not complete are paid again
# afterwards, as the Node retries. Then it waits for the
# platform to drain and prints the table for docs/benchmarks.md: receipts archived exactly once, positions paid,
# flows reconciled, webhooks, error queues, drain time. Any loss or duplicate makes it exit 1.
#
#   infra/platform.sh up && infra/chaos.sh [payments=10000] [concurrency=8]
#
# It uses the local platform's fixed ports and restarts its PostgreSQL and RabbitMQ: run it on a machine where
# nothing else uses them. The table also goes to .local/bench/chaos-<run>.md.
set -euo pipefail
# -o: the processes this script restarts must not inherit (and keep) the lock.
[[ -n "${BENCH_LOCKED:-}" ]] || BENCH_LOCKED=1 exec flock -o /tmp/payments-bench.lock "$0" "$@"

PAYMENTS=${1:-10000}
CONCURRENCY=${2:-8}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=platform.env
source "$ROOT/infra/platform.env"
GW=http://127.0.0.1:5080; SIM=http://127.0.0.1:5190; MGMT=http://127.0.0.1:55673; EC=$DEMO_EC
KEY=$(cat "$ROOT/.local/keys/$EC" 2>/dev/null) || { echo "no API key: run infra/platform.sh up first" >&2; exit 1; }
PSQL=(psql "host=127.0.0.1 port=55432 user=postgres dbname=$PG_DATABASE" -tAq -v ON_ERROR_STOP=1)
RUN_ID="chaos$(date +%s)"; OUT="$ROOT/.local/bench"; mkdir -p "$OUT"; WORK=$(mktemp -d)
SERVICES=(Gateway NodeAdapter DebtPositions IuvIssuance Actualisation Receipts Reporting)
EVENTS=("${SERVICES[@]}" RabbitMQ PostgreSQL)
say() { printf '[chaos %s] %s\n' "$(date +%T)" "$*" >&2; }
sql() { "${PSQL[@]}" -c "$1" 2>/dev/null; }
# A query that may hit PostgreSQL while it restarts: retried until it answers.
sql_retry() { local r; for _ in $(seq 1 120); do r=$(sql "$1") && { echo "$r"; return; }; sleep 1; done; echo "?"; }
json_field() { if [[ "$2" =~ \"$1\":\"?([^\",}]*) ]]; then printf '%s' "${BASH_REMATCH[1]}"; else printf '?'; fi; }

curl -fsS "$GW/health/ready" >/dev/null || { say "the platform is not running: infra/platform.sh up"; exit 1; }
command -v jq >/dev/null || { say "jq is required"; exit 1; }
curl -fsS -H "X-Api-Key: $KEY" -X PUT "$GW/api/iuv/organizations/$EC" -H 'content-type: application/json' -d '{"segregationCode":"01","auxDigit":3}' >/dev/null

# 1. N positions through the gateway's bulk import, payable at the station.
say "importing $PAYMENTS positions ($RUN_ID)"
awk -v n="$PAYMENTS" -v p="$RUN_ID" -v due="$(date -d '+60 days' +%F)" 'BEGIN {
  print "iupd,debtorType,debtorFiscalCode,debtorFullName,companyName,description,amount,dueDate,remittanceInformation,category,iban"
  for (i = 0; i < n; i++)
    printf "%s-%06d,F,RSSMRA80A01H501U,Mario Rossi %d,Comune di Demo,TARI 2026,%d,%s,TARI 2026 rata unica,9/0101108TS/,IT60X0542811101000000123456\n", p, i, i, 1000 + i % 5000, due
}' >"$WORK/positions.csv"
IMPORT=$(curl -fsS -H "X-Api-Key: $KEY" -X POST -T "$WORK/positions.csv" -H 'Content-Type: text/csv' "$GW/api/debt-positions/v1/organizations/$EC/imports?toPublish=true")
IMPORT_URL="$GW/api/debt-positions/v1/organizations/$EC/imports/$(json_field id "$IMPORT")"
until [[ "$(json_field status "$(curl -fsS -H "X-Api-Key: $KEY" "$IMPORT_URL")")" == COMPLETED ]]; do sleep 2; done
until [[ "$(sql "SELECT count(*) FROM node_adapter.notices WHERE iupd LIKE '$RUN_ID-%'")" -ge "$PAYMENTS" ]]; do sleep 1; done
sql "SELECT nav FROM node_adapter.notices WHERE iupd LIKE '$RUN_ID-%'" >"$WORK/navs"
say "$(wc -l <"$WORK/navs") notices payable"

# Payments still without a receipt at the station: what the Node would retry.
unpaid() {
  sql_retry "SELECT n.nav FROM node_adapter.notices n WHERE n.iupd LIKE '$RUN_ID-%'
             AND NOT EXISTS (SELECT 1 FROM node_adapter.receipt_log r WHERE r.notice_number = n.nav)"
}
station_receipts() { sql_retry "SELECT count(DISTINCT r.notice_number) FROM node_adapter.receipt_log r JOIN node_adapter.notices n ON n.nav = r.notice_number WHERE n.iupd LIKE '$RUN_ID-%'"; }

progress() { local n; n=$(station_receipts); [[ "$n" =~ ^[0-9]+$ ]] && echo "$n" || echo 0; }

pay() { # $1: file of notice numbers; prints the load report
  jq -Rn --arg ec "$EC" --argjson c "$CONCURRENCY" '{operation: "payment", organizationFiscalCode: $ec, notices: [inputs | select(length > 0)],
    concurrency: $c, durationSeconds: 600, validate: false}' <"$1" >"$WORK/load.json"
  curl -sS -m 700 -X POST "$SIM/simulator/load" -H 'content-type: application/json' --data-binary @"$WORK/load.json" || echo '{}'
}

# 2. The chaos: the notices are paid in as many slices as there are events plus one; each event (a SIGKILL and
# restart, or a server restart) happens while its slice is being paid, so every one lands in the middle of payments.
event() {
  case "$1" in
    RabbitMQ) say "restarting RabbitMQ"; "$ROOT/infra/servers.sh" restart-rabbitmq ;;
    PostgreSQL) say "restarting PostgreSQL (immediate stop)"; "$ROOT/infra/servers.sh" restart-postgres ;;
    *) say "SIGKILL $1"; kill -9 "$(cat "$ROOT/.local/run/$1.pid")"; sleep 1; "$ROOT/infra/platform.sh" restart "$1" ;;
  esac
  echo "$(date +%s) $1" >>"$WORK/events"
}
flows() { # the PSP publishes a reporting flow of whatever it has collected, every 20 s
  while true; do curl -s -o /dev/null -X POST "$SIM/simulator/flows" -H 'content-type: application/json' -d "{\"organizationFiscalCode\":\"$EC\"}" || true; sleep 20; done
}

START=$(date +%s)
flows & FLOWS=$!
trap 'kill $FLOWS 2>/dev/null || true' EXIT
split -n "l/$(( ${#EVENTS[@]} + 1 ))" -d "$WORK/navs" "$WORK/slice-"
ROUND=0
for slice in "$WORK"/slice-*; do
  ROUND=$((ROUND + 1))
  say "slice $ROUND: paying $(wc -l <"$slice") notices, concurrency $CONCURRENCY"
  pay "$slice" >"$WORK/round-$ROUND.json" & PAYING=$!
  if (( ROUND <= ${#EVENTS[@]} )); then
    # Let the slice get going, then strike.
    until (( $(progress) >= (ROUND - 1) * PAYMENTS / (${#EVENTS[@]} + 1) + 20 )) || ! kill -0 $PAYING 2>/dev/null; do sleep 0.5; done
    event "${EVENTS[$((ROUND - 1))]}" || { say "event ${EVENTS[$((ROUND - 1))]} failed"; exit 1; }
  fi
  wait $PAYING || true
done
# 3. What the Node retries after the chaos.
for _ in 1 2 3 4 5; do
  # Only notice numbers: an empty answer is a blank line, a query that kept failing is "?".
  unpaid | grep -E '^[0-9]{18}$' >"$WORK/unpaid" || true; [[ -s "$WORK/unpaid" ]] || break
  ROUND=$((ROUND + 1)); say "round $ROUND: $(wc -l <"$WORK/unpaid") unpaid"; pay "$WORK/unpaid" >"$WORK/round-$ROUND.json"
done
PAID_AT=$(date +%s)
kill $FLOWS 2>/dev/null || true
curl -s -o /dev/null -X POST "$SIM/simulator/flows" -H 'content-type: application/json' -d "{\"organizationFiscalCode\":\"$EC\"}" || true

# 4. Drain: every receipt archived, every position paid and reported, every outbox empty, every queue empty.
archived() { sql_retry "SELECT count(*) FROM receipts.receipts WHERE organization_fiscal_code = '$EC' AND notice_number IN (SELECT nav FROM node_adapter.notices WHERE iupd LIKE '$RUN_ID-%')"; }
# Paid, or paid and already reported by a flow: a payment the simulator saw fail but the station took is never
# in the PSP's flows, so REPORTED alone cannot be the goal; the table shows both.
settled() { sql_retry "SELECT count(*) FROM debt_positions.positions WHERE iupd LIKE '$RUN_ID-%' AND upper(status) IN ('PAID', 'REPORTED')"; }
outboxes() { sql_retry "SELECT (SELECT count(*) FROM debt_positions.outbox_messages) + (SELECT count(*) FROM node_adapter.outbox_messages)
  + (SELECT count(*) FROM receipts.outbox_messages) + (SELECT count(*) FROM reporting.outbox_messages)
  + (SELECT count(*) FROM actualisation.outbox_messages) + (SELECT count(*) FROM iuv_issuance.outbox_messages)"; }
queued() { curl -fsS -u guest:guest "$MGMT/api/queues/$RABBIT_VHOST" | jq '[.[] | select(.name | endswith("_error") | not) | .messages] | add // 0'; }
DEADLINE=$(( $(date +%s) + 1800 ))
until [[ "$(archived)" == "$PAYMENTS" && "$(settled)" == "$PAYMENTS" && "$(outboxes)" == 0 && "$(queued)" == 0 ]]; do
  (( $(date +%s) < DEADLINE )) || { say "not drained after 30 minutes"; break; }
  say "draining: archived $(archived), paid $(settled), outbox $(outboxes), queued $(queued)"; sleep 5
done
DRAINED_AT=$(date +%s)

# 5. The table.
ACCEPTED=$(station_receipts)
ARCHIVED=$(archived)
ARCHIVED_DISTINCT=$(sql_retry "SELECT count(DISTINCT notice_number) FROM receipts.receipts WHERE organization_fiscal_code = '$EC' AND notice_number IN (SELECT nav FROM node_adapter.notices WHERE iupd LIKE '$RUN_ID-%')")
DOUBLE_PAID=$(sql_retry "SELECT count(*) FROM (SELECT notice_number FROM node_adapter.receipt_log WHERE notice_number IN (SELECT nav FROM node_adapter.notices WHERE iupd LIKE '$RUN_ID-%') GROUP BY notice_number HAVING count(DISTINCT receipt_id) > 1) d")
STATUSES=$(sql_retry "SELECT string_agg(s || ' ' || c, ', ') FROM (SELECT upper(status) s, count(*) c FROM debt_positions.positions WHERE iupd LIKE '$RUN_ID-%' GROUP BY 1 ORDER BY 1) x")
FLOWS_PUBLISHED=$(curl -fsS "$SIM/simulator/flows" | jq 'length')
FLOWS_STORED=$(sql_retry "SELECT count(*) FROM reporting.flows WHERE organization_fiscal_code = '$EC' AND psp_id = 'PSPSIM01'")
MATCHES=$(sql_retry "SELECT coalesce(string_agg(m || ' ' || c, ', '), 'none') FROM (SELECT match_status m, count(*) c FROM reporting.flow_rows WHERE iuv IN (SELECT iuv FROM node_adapter.notices WHERE iupd LIKE '$RUN_ID-%') GROUP BY 1 ORDER BY 1) x")
WEBHOOKS=$(sql_retry "SELECT coalesce(string_agg(s || ' ' || c, ', '), 'no subscription') FROM (SELECT status s, count(*) c FROM receipts.webhook_deliveries GROUP BY 1 ORDER BY 1) x")
ERROR_QUEUES=$(curl -fsS -u guest:guest "$MGMT/api/queues/$RABBIT_VHOST" | jq -r '[.[] | select(.name | endswith("_error")) | select(.messages > 0) | "\(.name) \(.messages)"] | if length == 0 then "all empty" else join(", ") end')
OK_ANSWERS=$(cat "$WORK"/round-*.json | jq -s '[.[] | .outcomes.OK // 0] | add')
KO_ANSWERS=$(cat "$WORK"/round-*.json | jq -s '[.[] | (.outcomes.KO // 0) + ([.errors // {} | .[] | numbers] | add // 0)] | add')
TABLE="$OUT/chaos-$RUN_ID.md"
{
  echo "### Chaos run $RUN_ID ($(date -u +%F), $PAYMENTS payments, concurrency $CONCURRENCY, $ROUND payment rounds)"
  echo
  echo "Events, in order: $(awk -v s="$START" '{printf "%s at +%ds; ", $2, $1 - s}' "$WORK/events")"
  echo
  echo "| check | expected | result |"
  echo "|---|---|---|"
  echo "| payments answered OK by the station (all rounds) | $PAYMENTS | $OK_ANSWERS (plus $KO_ANSWERS KO or unanswered, paid again) |"
  echo "| notices with a receipt at the station | $PAYMENTS | $ACCEPTED |"
  echo "| notices paid twice (two receipt ids) | 0 | $DOUBLE_PAID |"
  echo "| receipts archived (rows) | $PAYMENTS | $ARCHIVED |"
  echo "| receipts archived (distinct notices) | $PAYMENTS | $ARCHIVED_DISTINCT |"
  echo "| positions by status | PAID + REPORTED = $PAYMENTS | $STATUSES |"
  echo "| reporting flows published by the PSP / stored by Reporting | equal | $FLOWS_PUBLISHED / $FLOWS_STORED |"
  echo "| flow rows of this run by match status | all matched | $MATCHES |"
  echo "| webhook deliveries by status | delivered | $WEBHOOKS |"
  echo "| error queues | all empty | $ERROR_QUEUES |"
  echo "| time to drain after the last payment | | $((DRAINED_AT - PAID_AT)) s |"
  echo "| whole run | | $((DRAINED_AT - START)) s |"
} | tee "$TABLE"
say "table written to $TABLE (copy it into docs/benchmarks.md)"
rm -rf "$WORK"
[[ "$ACCEPTED" == "$PAYMENTS" && "$ARCHIVED" == "$PAYMENTS" && "$ARCHIVED_DISTINCT" == "$PAYMENTS" && "$DOUBLE_PAID" == 0 \
  && "$(settled)" == "$PAYMENTS" && "$ERROR_QUEUES" == "all empty" ]] || { say "LOSS, DUPLICATE OR LEFTOVER: see the table"; exit 1; }
