#!/usr/bin/env bash
# Webhook delivery benchmark (issue 14, item 5) against the running platform (infra/platform.sh up first).
# For each receiver — ok (verifies every signature, answers 204), flaky (verifies, fails half the requests with
# 503), down (nothing listens) — it subscribes a receiver of EC 77777777777 through the gateway, commits N
# receipt.archived deliveries in one transaction (as the receipt consumer writes them), and waits until each is
# delivered (ok, flaky) or attempted once (down). Figures, from the delivery rows and /proc:
#   deliveries/s  N / (last delivered_at − commit)          p50/p99  delivered_at − created_at (commit → 2xx recorded)
#   CPU/delivery  Receipts' user+system CPU over the run / N (for "down": per first attempt)
# Next to them, the raw baseline in the same run: the same N signed POSTs (same body size, same receiver,
# concurrency = the per-subscription in-flight limit) sent by a plain HttpClient loop, with its own CPU per POST.
# Runs under flock /tmp/payments-bench.lock (one benchmark at a time on the machine).
#
# Usage: infra/bench/webhooks.sh [N, default 5000]     Output: a Markdown table on stdout.
# Env: GATEWAY_URL (http://127.0.0.1:5080), PG_DATABASE (payments), RECEIVERS ("ok"; also "flaky", "down"),
#      CONCURRENCY (baseline, 4 = Webhooks__MaxInFlightPerSubscription), RECEIVER_PORT (5195), TIMEOUT_S (600).
# The flaky and down rows follow the sender's retry schedule, which in production waits from seconds to hours: start
# the platform for them with a short one, e.g.
#   Webhooks__FirstRetryDelay=00:00:01 Webhooks__MaxRetryDelay=00:00:05 infra/platform.sh up
#   RECEIVERS="ok flaky down" infra/bench/webhooks.sh 2000
set -euo pipefail
if [[ -z "${WEBHOOK_BENCH_LOCKED:-}" ]]; then
  WEBHOOK_BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"
fi
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$ROOT/infra/platform.env"
N="${1:-5000}"
GW="${GATEWAY_URL:-http://127.0.0.1:5080}"
DB="${PG_DATABASE:-payments}"
RECEIVERS="${RECEIVERS:-ok}"
CONCURRENCY="${CONCURRENCY:-4}"
PORT="${RECEIVER_PORT:-5195}"
TIMEOUT_S="${TIMEOUT_S:-600}"
EC=$DEMO_EC
KEY=$(cat "$ROOT/.local/keys/$EC" 2>/dev/null) || { echo "no API key in .local/keys/$EC: infra/platform.sh up first" >&2; exit 1; }
RECEIPTS_PID=$(cat "$ROOT/.local/run/Receipts.pid" 2>/dev/null) || { echo "Receipts is not running: infra/platform.sh up" >&2; exit 1; }
BENCH_DLL="$ROOT/tests/Benchmarks/WebhookBench/bin/Release/net10.0/WebhookBench.dll"
[[ -f "$BENCH_DLL" ]] || dotnet build "$ROOT/tests/Benchmarks/WebhookBench" -c Release -v q -nologo -clp:ErrorsOnly >/dev/null
HOOKS="$GW/api/receipts/organizations/$EC/webhooks"
psql_() { psql "host=127.0.0.1 port=55432 user=postgres dbname=$DB" -qAt -v ON_ERROR_STOP=1 "$@"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$RECEIPTS_PID/stat"; }
TICK=$(getconf CLK_TCK)
RECEIVER_PID=""; SUBSCRIPTION=""
cleanup() {
  [[ -n "$RECEIVER_PID" ]] && kill "$RECEIVER_PID" 2>/dev/null || true
  [[ -n "$SUBSCRIPTION" ]] && curl -fsS -H "X-Api-Key: $KEY" -X DELETE "$HOOKS/$SUBSCRIPTION" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# A body the size of a real receipt.archived event with two transfers (about 1.2 kB).
BODY_TEMPLATE='{"specversion":"1.0","id":"%s","source":"/organizations/'$EC'","type":"receipt.archived","subject":"bench-%s","time":"2026-12-06T10:00:00Z","datacontenttype":"application/json","data":{"organizationFiscalCode":"'$EC'","receiptId":"bench-%s","noticeNumber":"301000000000000123","iuv":"01000000000000123","amountCents":12050,"feeCents":150,"description":"TARI 2026 prima rata","companyName":"Comune di Demo","debtorFiscalCode":"RSSMRA80A01H501U","debtorName":"Mario Rossi","payerFiscalCode":"VRDLGU75B02F205X","pspId":"PSPSIM01","pspCompanyName":"PSP Simulator","channelId":"PSPSIM01_01","paymentMethod":"creditCard","paymentDateTime":"2026-12-06T10:00:00+01:00","standIn":false,"transfers":[{"idTransfer":1,"amountCents":10000,"fiscalCodePA":"'$EC'","iban":"IT60X0542811101000000123456","remittanceInformation":"TARI quota comunale","category":"9/0101108TS/","isStamp":false},{"idTransfer":2,"amountCents":2050,"fiscalCodePA":"80000000001","iban":"IT02A0301503200000003517230","remittanceInformation":"TEFA quota provinciale","category":"9/0101108TS/","isStamp":false}],"archivedAt":"2026-12-06T10:00:01Z"}}'
BODY_BYTES=$(printf "$BODY_TEMPLATE" x x x | wc -c)

subscribe() { # subscribe URL → sets SUBSCRIPTION and SECRET (not in a subshell: both must survive the call)
  local answer; answer=$(curl -fsS -H "X-Api-Key: $KEY" -X POST "$HOOKS" -H 'content-type: application/json' \
    -d "{\"targetUrl\":\"$1\",\"eventTypes\":[\"receipt.archived\"],\"description\":\"webhook benchmark\"}")
  SUBSCRIPTION=$(jq -r .subscription.id <<<"$answer"); SECRET=$(jq -r .secret <<<"$answer")
}

start_receiver() { # start_receiver SECRET MODE
  dotnet "$BENCH_DLL" receive --port "$PORT" --secret "$1" --mode "$2" >/dev/null 2>&1 &
  RECEIVER_PID=$!
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/stats" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "receiver did not start" >&2; exit 1
}

stop_receiver() { [[ -n "$RECEIVER_PID" ]] && kill "$RECEIVER_PID" 2>/dev/null; wait "$RECEIVER_PID" 2>/dev/null || true; RECEIVER_PID=""; }

unsubscribe() { curl -fsS -H "X-Api-Key: $KEY" -X DELETE "$HOOKS/$SUBSCRIPTION" >/dev/null; SUBSCRIPTION=""; }

commit_deliveries() { # N deliveries of distinct events for $SUBSCRIPTION, committed at once
  psql_ <<SQL
INSERT INTO receipts.webhook_deliveries (id, subscription_id, event_id, event_type, body, status, attempts, created_at, retry_from, next_attempt_at)
SELECT gen_random_uuid(), '$SUBSCRIPTION', e.id, 'receipt.archived', format('$BODY_TEMPLATE', e.id, e.g, e.g), 'pending', 0, now(), now(), now()
FROM (SELECT gen_random_uuid() AS id, g FROM generate_series(1, $N) g) e;
SQL
}

wait_until() { # wait_until SQL-condition (over this subscription's deliveries)
  local deadline=$((SECONDS + TIMEOUT_S))
  until [[ "$(psql_ -c "SELECT count(*) FROM receipts.webhook_deliveries WHERE subscription_id = '$SUBSCRIPTION' AND NOT ($1)")" == 0 ]]; do
    (( SECONDS < deadline )) || { echo "timed out after ${TIMEOUT_S}s waiting for: $1" >&2; exit 1; }
    sleep 0.5
  done
}

figures() { # figures → "deliveries/s | p50 | p99" from the delivery rows
  psql_ -F ' | ' -c "SELECT round(count(*) / greatest(extract(epoch FROM max(delivered_at) - min(created_at)), 0.001), 1),
    round((1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY delivered_at - created_at)))::numeric, 1) || ' ms',
    round((1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY delivered_at - created_at)))::numeric, 1) || ' ms'
    FROM receipts.webhook_deliveries WHERE subscription_id = '$SUBSCRIPTION'"
}

echo "N = $N deliveries per receiver, body $BODY_BYTES bytes, $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| receiver | what | deliveries/s | p50 commit→2xx | p99 commit→2xx | attempts | CPU per delivery (Receipts) |"
echo "|---|---|---|---|---|---|---|"
for receiver in $RECEIVERS; do
  case "$receiver" in
    ok|flaky)
      subscribe "http://127.0.0.1:$PORT/hooks"; secret="$SECRET"
      start_receiver "$secret" "$receiver"
      before=$(cpu_ticks)
      commit_deliveries
      wait_until "status = 'delivered'"
      used=$(( $(cpu_ticks) - before ))
      attempts=$(psql_ -c "SELECT sum(attempts) FROM receipts.webhook_deliveries WHERE subscription_id = '$SUBSCRIPTION'")
      printf '| %s | every delivery delivered | %s | %s | %s | %s ms |\n' "$receiver" "$(figures)" "$attempts" \
        "$(awk -v t="$used" -v hz="$TICK" -v n="$N" 'BEGIN { printf "%.3f", 1000 * t / hz / n }')"
      if [[ "$receiver" == ok ]]; then
        baseline=$(dotnet "$BENCH_DLL" baseline --url "http://127.0.0.1:$PORT/hooks" --secret "$secret" --count "$N" \
          --concurrency "$CONCURRENCY" --body-bytes "$BODY_BYTES")
        printf '| ok | raw baseline: %s signed POSTs, plain loop, concurrency %s | %s | %s ms | %s ms | %s | %s ms (the loop'"'"'s own process) |\n' \
          "$N" "$CONCURRENCY" "$(jq -r .perSecond <<<"$baseline")" "$(jq -r .p50Ms <<<"$baseline")" "$(jq -r .p99Ms <<<"$baseline")" \
          "$N" "$(jq -r .cpuMsPerPost <<<"$baseline")"
      fi
      stop_receiver; unsubscribe ;;
    down)
      subscribe "http://127.0.0.1:$PORT/hooks"   # nothing listens on the port: every connection is refused
      before=$(cpu_ticks); started=$SECONDS
      commit_deliveries
      wait_until "attempts >= 1"
      used=$(( $(cpu_ticks) - before ))
      printf '| down | every delivery attempted once (refused) | %s attempts/s | — | — | %s | %s ms per attempt |\n' \
        "$(awk -v n="$N" -v s="$((SECONDS - started))" 'BEGIN { printf "%.1f", n / (s > 0 ? s : 1) }')" \
        "$(psql_ -c "SELECT sum(attempts) FROM receipts.webhook_deliveries WHERE subscription_id = '$SUBSCRIPTION'")" \
        "$(awk -v t="$used" -v hz="$TICK" -v n="$N" 'BEGIN { printf "%.3f", 1000 * t / hz / n }')"
      unsubscribe ;;
    *) echo "unknown receiver $receiver" >&2; exit 2 ;;
  esac
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg). Ratio to the baseline = baseline deliveries/s ÷ ok deliveries/s."
