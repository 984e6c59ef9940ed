#!/usr/bin/env bash
# Station benchmark through the gateway: wrk on paVerifyPaymentNotice and paGetPaymentV2 at 16/64/256
# connections, with two baselines measured in the same run: raw Kestrel (a trivial endpoint of the
# NodeAdapter, direct) and the same gateway in front of that trivial endpoint. Seeds 10,000 VALID
# notices into the NodeAdapter's read model. Runs under flock /tmp/payments-bench.lock (one benchmark
# at a time on the machine) and prints the load average next to every connection level.
#
# Usage: infra/bench/station.sh [duration, default 10s]    Output: a Markdown table on stdout.
# Env (defaults = the local platform of infra/platform.sh; infra/bench/station-stack.sh uses 7080/7103 and
# payments_station): GATEWAY_URL, NODE_ADAPTER_URL, PG_DATABASE, THREADS (wrk threads, 1),
# CONNECTIONS ("16 64 256"), TARGETS ("raw gateway verify getPaymentV2"), WARMUP (verify, 60s), WARMUP_GET (20s).
set -euo pipefail
if [[ -z "${STATION_BENCH_LOCKED:-}" ]]; then
  STATION_BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
DURATION="${1:-10s}"
GW="${GATEWAY_URL:-http://127.0.0.1:5080}"
NA="${NODE_ADAPTER_URL:-http://127.0.0.1:5103}"
DB="${PG_DATABASE:-payments}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-16 64 256}"
TARGETS="${TARGETS:-raw gateway verify getPaymentV2}"
WARMUP="${WARMUP:-60s}"; WARMUP_GET="${WARMUP_GET:-20s}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
curl -fsS "$GW/health/node-adapter/ready" >/dev/null || { echo "no station behind $GW: infra/platform.sh up or infra/bench/station-stack.sh up" >&2; exit 1; }
psql "host=127.0.0.1 port=55432 user=postgres dbname=$DB" -q -v ON_ERROR_STOP=1 -f "$HERE/station-seed.sql"

run() { # run LABEL CONNECTIONS URL [lua OPERATION]
  local label="$1" c="$2" url="$3" out
  if [[ -n "${4:-}" ]]; then out=$(OPERATION="$5" wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -s "$4" "$url")
  else out=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency "$url"); fi
  local rps p50 p99 errors ko
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); errors=${errors:-0}
  ko=$(awk '/KO answers/ {print $3}' <<<"$out"); ko=${ko:--}
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$c" "$rps" "$p50" "$p99" "$errors" "$ko"
}

# Warm-up: pools, the notice cache, and above all tiered JIT, which on a busy 2-core box needs about a
# minute of load before the hot paths reach tier 1 (docs/bench/station.md: libclrjit was 27 % of the
# NodeAdapter's samples after 45 s, none after 65 s).
OPERATION=verify wrk -t"$THREADS" -c16 -d"$WARMUP" -s "$HERE/station.lua" "$GW/pagopa/paForNode" >/dev/null
OPERATION=getPaymentV2 wrk -t"$THREADS" -c16 -d"$WARMUP_GET" -s "$HERE/station.lua" "$GW/pagopa/paForNode" >/dev/null
echo "wrk -t$THREADS, $DURATION per row after $WARMUP + $WARMUP_GET of warm-up, $(date -u '+%Y-%m-%d %H:%M UTC'), $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo
echo "| target | connections | req/s | p50 | p99 | non-2xx | KO answers |"
echo "|---|---|---|---|---|---|---|"
for c in $CONNECTIONS; do
  echo "| *load average before: $(cut -d' ' -f1-3 /proc/loadavg)* | $c | | | | | |"
  for target in $TARGETS; do
    case "$target" in
      raw) run "raw Kestrel: NodeAdapter GET /health/live (direct)" "$c" "$NA/health/live" ;;
      gateway) run "gateway → GET /health/live (trivial endpoint)" "$c" "$GW/health/node-adapter/live" ;;
      verify) run "gateway → paVerifyPaymentNotice" "$c" "$GW/pagopa/paForNode" "$HERE/station.lua" verify ;;
      getPaymentV2) run "gateway → paGetPaymentV2" "$c" "$GW/pagopa/paForNode" "$HERE/station.lua" getPaymentV2 ;;
      direct-verify) run "NodeAdapter direct → paVerifyPaymentNotice" "$c" "$NA/pagopa/paForNode" "$HERE/station.lua" verify ;;
      *) echo "unknown target $target" >&2; exit 2 ;;
    esac
  done
done
