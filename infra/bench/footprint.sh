#!/usr/bin/env bash
# Resident memory of the local platform (issue 17, item 8; ADR 0035): every process started by infra/platform.sh,
# PostgreSQL (all its backends) and RabbitMQ (the Erlang VM), next to the targets (≤ 120 MiB per idle service,
# ≤ 2 GiB for the whole platform). Run it after `infra/platform.sh up` and a minute idle, or during a benchmark.
#   infra/bench/footprint.sh            one table
#   infra/bench/footprint.sh --watch 5  the peak per process over repeated samples every 5 s, until Ctrl-C
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="$ROOT/.local/run"
eval "$("$ROOT/infra/servers.sh" env)" >/dev/null 2>&1 || true
declare -A peak

rss_kib() { ps -o rss= -p "$1" 2>/dev/null | awk '{s+=$1} END {print s+0}'; }

sample() {
  for file in "$RUN"/*.pid; do
    [[ -f "$file" ]] || continue
    local name pid; name=$(basename "$file" .pid); pid=$(cat "$file")
    kill -0 "$pid" 2>/dev/null || continue
    record "$name" "$(rss_kib "$pid")"
  done
  local pg; pg=$(head -1 "$ROOT/.local/pg/data/postmaster.pid" 2>/dev/null || true)
  if [[ -n "$pg" ]]; then record PostgreSQL "$(ps -o rss= -p "$pg" --ppid "$pg" | awk '{s+=$1} END {print s+0}')"; fi
  local rabbit; rabbit=$(cat "$ROOT/.local/rabbitmq/rabbit.pid" 2>/dev/null || pgrep -f "beam.smp.*rabbit@localhost" | head -1 || true)
  if [[ -n "$rabbit" ]]; then record RabbitMQ "$(rss_kib "$rabbit")"; fi
}
record() { (( ${peak[$1]:-0} < $2 )) && peak[$1]=$2 || true; }

report() {
  local total=0
  printf '%-22s %10s %10s\n' process "RSS MiB" target
  for name in $(printf '%s\n' "${!peak[@]}" | sort); do
    local mib=$(( peak[$name] / 1024 )) target="≤ 120"
    [[ $name == PostgreSQL || $name == RabbitMQ || $name == prometheus || $name == postgres-exporter ]] && target="-"
    printf '%-22s %10d %10s\n' "$name" "$mib" "$target"
    total=$(( total + mib ))
  done
  printf '%-22s %10d %10s\n' total "$total" "≤ 2048"
}

if [[ "${1:-}" == --watch ]]; then
  trap 'echo; report; exit 0' INT
  while true; do sample; sleep "${2:-5}"; done
else
  sample; report
fi
