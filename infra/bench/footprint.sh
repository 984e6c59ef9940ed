#!/usr/bin/env bash
# Resident memory of the local platform (issue 17, item 8; ADR 0035): every process started by infra/platform.sh,
# PostgreSQL (all its backends) and RabbitMQ (the Erlang VM), RSS and PSS, next to the targets (≤ 120 MiB per idle service,
# ≤ 2 GiB for the whole platform). Run it after `infra/platform.sh up` and a minute idle, or during a benchmark.
#   infra/bench/footprint.sh            one table
#   infra/bench/footprint.sh --watch 5  the peak per process over repeated samples every 5 s, until Ctrl-C
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
  local pg; pg=$(head -1 "$ROOT/.local/pg/data/postmaster.pid" 2>/dev/null || true)
  if [[ -n "$pg" ]]; then
    # shellcheck disable=SC2046
    record PostgreSQL "$(ps -o rss= -p "$pg" --ppid "$pg" | awk '{s+=$1} END {print s+0}')" "$(pss_kib "$pg" $(pgrep -P "$pg"))"
  fi
  local rabbit; rabbit=$(cat "$ROOT/.local/rabbitmq/rabbit.pid" 2>/dev/null || pgrep -f "beam.smp.*rabbit@localhost" | head -1 || true)
  if [[ -n "$rabbit" ]]; then record RabbitMQ "$(rss_kib "$rabbit")" "$(pss_kib "$rabbit")"; fi
}
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

if [[ "${1:-}" == --watch ]]; then
  trap 'echo; report; exit 0' INT
  while true; do sample; sleep "${2:-5}"; done
else
  sample; report
fi
