#!/usr/bin/env bash
# Station benchmark through the gateway of the running local platform (infra/platform.sh up, Release):
# wrk on paVerifyPaymentNotice and paGetPaymentV2 at 16/64/256 connections, with two baselines measured
# in the same run: raw Kestrel (a trivial endpoint of the NodeAdapter, direct) and the same gateway in
# front of that trivial endpoint. Seeds 10,000 VALID notices into the NodeAdapter's read model.
# Usage: infra/bench/station.sh [duration, default 10s]    Output: a Markdown table on stdout.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DURATION="${1:-10s}"
GW=http://127.0.0.1:5080
NA=http://127.0.0.1:5103
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
curl -fsS "$GW/health/node-adapter/ready" >/dev/null || { echo "the platform is not running: infra/platform.sh up" >&2; exit 1; }
psql "host=127.0.0.1 port=55432 user=postgres dbname=payments" -q -v ON_ERROR_STOP=1 -f "$HERE/station-seed.sql"

run() { # run LABEL CONNECTIONS URL [lua OPERATION]
  local label="$1" c="$2" url="$3" out
  if [[ -n "${4:-}" ]]; then out=$(OPERATION="$5" wrk -t2 -c"$c" -d"$DURATION" --latency -s "$4" "$url")
  else out=$(wrk -t2 -c"$c" -d"$DURATION" --latency "$url"); fi
  local rps p50 p99 errors ko
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); errors=${errors:-0}
  ko=$(awk '/KO answers/ {print $3}' <<<"$out"); ko=${ko:--}
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$c" "$rps" "$p50" "$p99" "$errors" "$ko"
}

OPERATION=verify wrk -t2 -c16 -d5s -s "$HERE/station.lua" "$GW/pagopa/paForNode" >/dev/null   # warm-up: JIT, pools
echo "| target | connections | req/s | p50 | p99 | non-2xx | KO answers |"
echo "|---|---|---|---|---|---|---|"
for c in 16 64 256; do
  run "raw Kestrel: NodeAdapter GET /health/live (direct)" "$c" "$NA/health/live"
  run "gateway → GET /health/live (trivial endpoint)" "$c" "$GW/health/node-adapter/live"
  run "gateway → paVerifyPaymentNotice" "$c" "$GW/pagopa/paForNode" "$HERE/station.lua" verify
  run "gateway → paGetPaymentV2" "$c" "$GW/pagopa/paForNode" "$HERE/station.lua" getPaymentV2
done
