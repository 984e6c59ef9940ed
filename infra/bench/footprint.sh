#!/usr/bin/env bash
# Resident memory of the local platform (issue 17, item 8; ADR 0035): every process started by infra/platform.sh,
# PostgreSQL (all its backends) and RabbitMQ (the Erlang VM), RSS and PSS, next to the targets (≤ 120 MiB per idle service,
# ≤ 2 GiB for the whole platform). Run it after `infra/platform.sh up` and a minute idle, or during a benchmark.
#   infra/bench/footprint.sh            one table
#   infra/bench/footprint.sh --watch 5  the peak per process over repeated samples every 5 s, until Ctrl-C
#   infra/bench/footprint.sh --breakdown   where each process's resident memory is (docs/bench/footprint.md, "Where it goes")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="$ROOT/.local/run"
eval "$("$ROOT/infra/servers.sh" env)" >/dev/null 2>&1 || true
declare -A peak peak_pss

rss_kib() { ps -o rss= -p "$1" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }
# Proportional set size: pages shared with other processes (the .NET shared framework mapped by every service, the
# PostgreSQL backends' shared buffers) count once across them, so the column adds up to what the machine spends.
pss_kib() { local s=0 p; for p in "$@"; do s=$(( s + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0) )); done; echo "$s"; }

sample() {
  for file in "$RUN"/*.pid; do
    [[ -f "$file" ]] || continue
    local name pid; name=$(basename "$file" .pid); pid=$(cat "$file")
    kill -0 "$pid" 2>/dev/null || continue
    record "$name" "$(rss_kib "$pid")" "$(pss_kib "$pid")"
  done
  # The servers may run from another checkout (PLATFORM_EXTERNAL_SERVERS=1): then the process listening on their port.
  local pg; pg=$(head -1 "$ROOT/.local/pg/data/postmaster.pid" 2>/dev/null || listener "${PAYMENTS_PG_PORT:-55432}")
  if [[ -n "$pg" ]]; then
    # The server's own processes and the backends of this platform's database, not other checkouts' connections.
    local pids; pids=$(ps -o pid=,args= --ppid "$pg" | awk -v db="${PLATFORM_DATABASE:-payments}" '$5 !~ /\(|^\[local\]/ || $4 == db {print $1}')
    # shellcheck disable=SC2086
    record PostgreSQL "$(ps -o rss= -p "$(echo $pg $pids | tr " " ,)" | awk '{s+=$1} END {print s+0}')" "$(pss_kib "$pg" $pids)"
  fi
  local rabbit; rabbit=$(cat "$ROOT/.local/rabbitmq/rabbit.pid" 2>/dev/null || listener "${PAYMENTS_AMQP_PORT:-55672}")
  if [[ -n "$rabbit" ]]; then record RabbitMQ "$(rss_kib "$rabbit")" "$(pss_kib "$rabbit")"; fi
}
listener() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true; }
record() { (( ${peak[$1]:-0} < $2 )) && peak[$1]=$2 || true; (( ${peak_pss[$1]:-0} < $3 )) && peak_pss[$1]=$3 || true; }

report() {
  local total=0 total_pss=0
  printf '%-22s %10s %10s %10s\n' process "RSS MiB" "PSS MiB" target
  for name in $(printf '%s\n' "${!peak[@]}" | sort); do
    local mib=$(( peak[$name] / 1024 )) pss=$(( peak_pss[$name] / 1024 )) target="≤ 120"
    [[ $name == PostgreSQL || $name == RabbitMQ || $name == prometheus || $name == postgres-exporter ]] && target="-"
    printf '%-22s %10d %10d %10s\n' "$name" "$mib" "$pss" "$target"
    total=$(( total + mib )); total_pss=$(( total_pss + pss ))
  done
  printf '%-22s %10d %10d %10s\n' total "$total" "$total_pss" "≤ 2048"
}

# Per .NET process: mapped images (the shared framework's and the app's DLLs, native libraries: shared with the other
# .NET processes, hence PSS < RSS), executable memory (JIT'd code, stubs and loader heaps: "/memfd:doublemapper"
# while W^X is on, anonymous otherwise), the rest of the anonymous memory (GC heap, native heap, stacks), and the GC's
# own view (bytes allocated since start, collections so far). RabbitMQ's own memory breakdown (management API).
breakdown() {
  printf '%-16s %6s %6s %8s %8s %8s %10s %5s\n' process RSS PSS images jitcode anon allocated GCs
  for file in "$RUN"/*.pid; do
    [[ -f "$file" ]] || continue
    local name pid; name=$(basename "$file" .pid); pid=$(cat "$file")
    kill -0 "$pid" 2>/dev/null && grep -q 'dotnet\|\.dll' "/proc/$pid/cmdline" 2>/dev/null || continue
    local port; port=$(ss -ltnpH 2>/dev/null | grep "pid=$pid," | grep -o '127\.0\.0\.1:[0-9]*' | head -1)
    local metrics=""; [[ -n "$port" ]] && metrics=$(curl -fsS --max-time 3 "http://$port/metrics" 2>/dev/null || true)
    [[ -z "$metrics" && $name == Gateway ]] && metrics=$(curl -fsS --max-time 3 "http://127.0.0.1:5089/metrics" 2>/dev/null || true)
    local allocated collections
    allocated=$(awk '/^dotnet_gc_heap_total_allocated_bytes_total/ {printf "%d", $2/1048576}' <<<"$metrics")
    collections=$(awk '/^dotnet_gc_collections_total/ {s+=$2} END {printf "%d", s}' <<<"$metrics")
    awk -v name="$name" -v allocated="${allocated:-?}" -v collections="${collections:-?}" '
      /^[0-9a-f]+-[0-9a-f]+ / { map = $6 }
      /^Rss:/ { rss += $2; if (map ~ /doublemapper/) jit += $2; else if (map ~ /\.(dll|so)/ || map ~ /\.so\./) images += $2 }
      /^Pss:/ { pss += $2 }
      /^Anonymous:/ { anon += $2 }
      END { printf "%-16s %6d %6d %8d %8d %8d %10s %5s\n", name, rss/1024, pss/1024, images/1024, jit/1024, anon/1024, allocated, collections }' "/proc/$pid/smaps"
  done
  echo "(MiB; images = mapped DLLs and .so; jitcode = W^X double-mapped executable memory; allocated = GC bytes since start)"
  local node; node=$(curl -fsS -u guest:guest "${PAYMENTS_RABBITMQ_MANAGEMENT:-http://127.0.0.1:55673/}api/nodes" 2>/dev/null | jq -r '.[0].name' 2>/dev/null || true)
  if [[ -n "$node" ]]; then
    echo "RabbitMQ $node, largest parts (MiB):"
    curl -fsS -u guest:guest "${PAYMENTS_RABBITMQ_MANAGEMENT:-http://127.0.0.1:55673/}api/nodes/$node/memory" \
      | jq -r '.memory | to_entries[] | select(.value | type == "number") | "\(.value / 1048576 | floor) \(.key)"' | sort -rn | head -8 | sed 's/^/  /'
  fi
}

if [[ "${1:-}" == --breakdown ]]; then breakdown; exit 0; fi

if [[ "${1:-}" == --watch ]]; then
  trap 'echo; report; exit 0' INT
  while true; do sample; sleep "${2:-5}"; done
else
  sample; report
fi
