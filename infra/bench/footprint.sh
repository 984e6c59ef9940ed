#!/usr/bin/env bash
# Resident memory of the local platform (issue 17, item 8; ADR 0035): every process started by infra/platform.sh,
# PostgreSQL (all its backends) and RabbitMQ (the Erlang VM), RSS and PSS, next to the targets (≤ 120 MiB per idle service,
# ≤ 2 GiB for the whole platform). Run it after `infra/platform.sh up` and a minute idle, or during a benchmark.
#   infra/bench/footprint.sh            one table
#   infra/bench/footprint.sh --watch 5  the peak per process over repeated samples every 5 s, until Ctrl-C
#   infra/bench/footprint.sh --breakdown   where each process's resident memory is (docs/bench/footprint.md, "Where it goes")
#   infra/bench/footprint.sh --service NAME [IDLE_S] [RUNS]   one service alone, from its Release build, on a free port
#       against the running servers (scratch database and vhost $FOOTPRINT_DATABASE, default "footprint"), idle IDLE_S
#       seconds (default 120), RUNS times (default 3); per run: RSS/PSS and what they are made of, and the mapped DLLs
#       (docs/bench/footprint-runtime.md, "What an idle service is made of"). Extra env for the service: FOOTPRINT_ENV;
#       the DLLs it maps, with their resident KiB, into the file FOOTPRINT_DLLS; another build: FOOTPRINT_BUILD.
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

# What one process's resident memory is made of, from /proc/PID/smaps (MiB): mapped images (the shared framework's
# DLLs, the app's and its packages' DLLs, native .so: libcoreclr, libclrjit, …), memory the runtime made executable
# (JIT'd code, stubs, loader heaps: memfd "doublemapper" while W^X is on), anonymous memory (GC heap, native heap,
# thread stacks) with the GC's own committed figure from /metrics beside it, threads, and the number of DLLs mapped.
anatomy() {
  local pid="$1" metrics="$2" gc
  gc=$(awk '/^dotnet_gc_last_collection_memory_committed_size_bytes/ {printf "%d", $2/1048576}' <<<"$metrics")
  awk -v gc="${gc:-?}" -v threads="$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")" '
    /^[0-9a-f]+-[0-9a-f]+ / { map = $6 }
    /^Rss:/ {
      rss += $2
      if (map ~ /doublemapper/) jit += $2
      else if (map ~ /\/shared\/Microsoft\.(NETCore|AspNetCore)\.App\/.*\.dll$/) { fw += $2; dll[map] = 1 }
      else if (map ~ /\.dll$/) { app += $2; dll[map] = 1 }
      else if (map ~ /\.so(\.|$)/) native += $2
      else if (map == "" || map ~ /^\[/) anon += $2
      else rest += $2
    }
    /^Pss:/ { pss += $2 }
    END {
      n = 0; for (d in dll) n++
      printf "RSS %d PSS %d | dlls: framework %d, app+packages %d (%d files) | native .so %d | jit+stubs %d | anon %d (GC committed %s) | other %d | threads %d\n",
        rss/1024, pss/1024, fw/1024, app/1024, n, native/1024, jit/1024, anon/1024, gc, rest/1024, threads
    }' "/proc/$pid/smaps"
}

# Each mapped DLL with its resident KiB, largest first: which assemblies a service loads, and what each costs.
mapped_dlls() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { map = $6 } /^Rss:/ { if (map ~ /\.dll$/) kib[map] += $2 }
    END { for (m in kib) { n = split(m, p, "/"); printf "%6d %s%s\n", kib[m], (m ~ /\/shared\// ? "fw:" : ""), p[n] } }' "/proc/$1/smaps" | sort -rn
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# One service alone: the env platform.sh gives it (platform.env), its own database and vhost, fresh keys, free ports.
one_service() {
  local name="$1" idle="${2:-120}" runs="${3:-3}" entry dir extra
  export PLATFORM_DATABASE="${FOOTPRINT_DATABASE:-footprint}"
  # shellcheck source=../platform.env
  source "$ROOT/infra/platform.env"
  for entry in "${PROCESSES[@]}"; do [[ ${entry%%|*} == "$name" ]] && break; done
  [[ ${entry%%|*} == "$name" ]] || { echo "unknown service $name" >&2; exit 2; }
  dir=$(cut -d'|' -f2 <<<"$entry"); extra=$(cut -d'|' -f4 <<<"$entry")
  # FOOTPRINT_BUILD: another build of it (a copy of bin/Release/net10.0 kept aside), to compare two builds side by side.
  local dll="${FOOTPRINT_BUILD:-$ROOT/$dir/bin/Release/net10.0}/$name.dll"
  [[ -f $dll ]] || { echo "no Release build: dotnet build $dir -c Release" >&2; exit 2; }
  psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DATABASE'" | grep -q 1 \
    || psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -qc "CREATE DATABASE $PG_DATABASE" >/dev/null
  curl -fsS -u guest:guest -X PUT "http://127.0.0.1:55673/api/vhosts/$RABBIT_VHOST" >/dev/null
  curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' \
    -d '{"configure":".*","write":".*","read":".*"}' "http://127.0.0.1:55673/api/permissions/$RABBIT_VHOST/guest" >/dev/null
  local key; key=$(head -c 32 /dev/urandom | base64)
  local port management; port=$(free_port); management=$(free_port)
  local env_args=("${COMMON_ENV[@]}" "Identity__SigningKey=$key" "Webhooks__SecretKey=$key" "Web__Tokens__SigningKey=$key"
    "Web__Organizations__0__FiscalCode=77777777777" "Web__Organizations__0__Name=Comune di prova")
  # shellcheck disable=SC2206
  [[ -n "$extra" ]] && env_args+=($extra)
  # Its neighbours' fixed ports would be another platform's: nothing listens on port 9.
  env_args=("${env_args[@]//127.0.0.1:51[0-9][0-9]/127.0.0.1:9}")
  env_args=("${env_args[@]/#ASPNETCORE_URLS=*/ASPNETCORE_URLS=http://127.0.0.1:$port;http://127.0.0.1:$management}")
  env_args=("${env_args[@]/#Management__Port=*/Management__Port=$management}")
  env_args+=("ASPNETCORE_URLS=http://127.0.0.1:$port" ${FOOTPRINT_ENV:-})
  [[ $name == Gateway ]] && env_args+=("ASPNETCORE_URLS=http://127.0.0.1:$port;http://127.0.0.1:$management" "Management__Port=$management")
  local log; log=$(mktemp "/tmp/footprint-$name.XXXXXX.log")
  [[ $name == Web || $name == NodeSimulator ]] || env "${env_args[@]}" dotnet "$dll" migrate >>"$log" 2>&1 || { tail -20 "$log" >&2; exit 1; }
  local run
  for run in $(seq 1 "$runs"); do
    (cd "$ROOT/$dir" && exec env "${env_args[@]}" dotnet "$dll" >>"$log" 2>&1) &
    local pid=$! health=""
    # shellcheck disable=SC2064
    trap "kill $pid 2>/dev/null || true" EXIT   # never left running, whatever fails below
    for _ in $(seq 1 450); do
      curl -fsS -o /dev/null "http://127.0.0.1:$port/health/live" 2>/dev/null && { health=1; break; }
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    [[ -n $health ]] || { tail -30 "$log" >&2; kill "$pid" 2>/dev/null; exit 1; }
    sleep "$idle"
    local metrics_port=$port; [[ $name == Gateway ]] && metrics_port=$management
    local metrics; metrics=$(curl -fsS --max-time 5 "http://127.0.0.1:$metrics_port/metrics" 2>/dev/null || true)
    printf '%s run %d (%s, %ss idle): ' "$name" "$run" "$(date -u +%H:%M:%S)" "$idle"
    anatomy "$pid" "$metrics"
    [[ $run == 1 && -n ${FOOTPRINT_DLLS:-} ]] && mapped_dlls "$pid" >"$FOOTPRINT_DLLS"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  echo "(log: $log)"
}

if [[ "${1:-}" == --service ]]; then shift; one_service "$@"; exit 0; fi
if [[ "${1:-}" == --breakdown ]]; then breakdown; exit 0; fi

if [[ "${1:-}" == --watch ]]; then
  trap 'echo; report; exit 0' INT
  while true; do sample; sleep "${2:-5}"; done
else
  sample; report
fi
