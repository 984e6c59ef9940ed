#!/usr/bin/env bash
# CPU cost per request of one wrk run, split by process: the NodeAdapter, the gateway and PostgreSQL
# (the backends connected to the benchmark's database), from /proc/<pid>/stat before and after. On a shared 2-core machine req/s moves
# with whatever else runs; CPU-µs per request moves much less, so it is what compares two builds.
#
# Usage: infra/bench/station-cost.sh LABEL CONNECTIONS URL [OPERATION]   (OPERATION: verify|getPaymentV2; none = plain GET)
# Env: DURATION (10s), THREADS (1), NODE_ADAPTER_PID, GATEWAY_PID (default: the pids of station-stack.sh).
set -euo pipefail
if [[ -z "${STATION_BENCH_LOCKED:-}" ]]; then
  STATION_BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"
fi
HERE="$(cd "$(dirname "$0")" && pwd)"
RUN="$HERE/../../.local/bench-${BENCH_DB:-payments_station}"
LABEL="$1" C="$2" URL="$3" OP="${4:-}"
NA_PID="${NODE_ADAPTER_PID:-$(cat "$RUN/NodeAdapter.pid")}"
GW_PID="${GATEWAY_PID:-$(cat "$RUN/Gateway.pid")}"
TICK=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# PostgreSQL: the backends serving the benchmark's database only (other people's tests share the server).
PG_PIDS=$(psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -tAc \
  "SELECT pid FROM pg_stat_activity WHERE datname = '${BENCH_DB:-payments_station}'")
pg_ticks() { local sum=0 t; for p in $PG_PIDS; do t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); sum=$((sum + t)); done; echo $sum; }
na0=$(ticks "$NA_PID"); gw0=$(ticks "$GW_PID"); pg0=$(pg_ticks); load=$(cut -d' ' -f1 /proc/loadavg)
if [[ -n "$OP" ]]; then out=$(OPERATION="$OP" wrk -t"${THREADS:-1}" -c"$C" -d"${DURATION:-10s}" --latency -s "$HERE/station.lua" "$URL")
else out=$(wrk -t"${THREADS:-1}" -c"$C" -d"${DURATION:-10s}" --latency "$URL"); fi
na1=$(ticks "$NA_PID"); gw1=$(ticks "$GW_PID"); pg1=$(pg_ticks)
requests=$(awk '/requests in/ {print $1}' <<<"$out")
rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
p50=$(awk '$1=="50%" {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
ko=$(awk '/KO answers/ {print $3}' <<<"$out"); ko=${ko:--}
us() { echo $(( ($2 - $1) * 1000000 / TICK / requests )); }
printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$LABEL" "$C" "$rps" "$p50" "$p99" "$ko" \
  "$(us "$na0" "$na1")" "$(us "$gw0" "$gw1")" "$(us "$pg0" "$pg1")" "$load"
