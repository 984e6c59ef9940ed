#!/usr/bin/env bash
# Runs the whole test suite: starts PostgreSQL and RabbitMQ once (installing them if missing), then
# every test project against them; each test isolates itself in its own database and virtual host.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Flows").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v dotnet >/dev/null || { echo ".NET SDK 10 is required (https://dot.net); dotnet is not on PATH" >&2; exit 1; }
"$ROOT/infra/servers.sh" start
# Tools the tests use to read documents as a person would: render PDF pages, decode QR codes, extract text.
# faketime runs the date-sensitive tests again with the clock moved forward (below).
if ! command -v pdftoppm >/dev/null || ! command -v zbarimg >/dev/null || ! command -v faketime >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils zbar-tools faketime >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils zbar-tools faketime >/dev/null; }
fi
# Prometheus, promtool, the PostgreSQL exporter and Alertmanager (amtool): tests/Monitoring.Tests runs the dashboards, alert rules and alert routing with them.
{ command -v prometheus && command -v promtool && command -v prometheus-postgres-exporter && command -v prometheus-alertmanager; } >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-postgres-exporter prometheus-alertmanager >/dev/null; }
# Node.js and npm: the Web app's assets come from npm at build time (ADR 0037) and tests/Kubernetes.Tests validates the
# k8s/ manifests offline with npm's kubernetes-models (k8s/README.md); the browser tests drive Debian's Chromium (tests/Web.Tests).
# Only what is missing: a machine whose Node.js comes from NodeSource has npm inside it, and Debian's npm conflicts with it.
web_tools=(); command -v npm >/dev/null || web_tools+=(nodejs npm); command -v chromium >/dev/null || web_tools+=(chromium)
((${#web_tools[@]} == 0)) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${web_tools[@]}" >/dev/null; }
# Chromium's Italian resources: the browser tests run it as an Italian user's (date fields in gg/mm/aaaa).
[ -f /usr/lib/chromium/locales/it.pak ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-l10n >/dev/null; }
npm ci --prefix "$ROOT/k8s/validate" --no-audit --no-fund --loglevel=error >/dev/null
eval "$("$ROOT/infra/servers.sh" env)"
mkdir -p "$ROOT/.local"
LOG="$ROOT/.local/test-output.log"
start=$(date +%s)
set +e
# Two bounds so that a hang fails the run with its name instead of running into CI's time limit:
# a test still running after 5 minutes (whole assemblies take under a minute) is named by the runner, which
# stops its assembly and goes on with the others; and the whole suite (about 6 minutes) gets 45.
timeout --kill-after=30s 45m dotnet test "$ROOT/Payments.sln" -nologo \
  --blame-hang-timeout 5m --blame-hang-dump-type none --results-directory "$ROOT/.local/test-results" "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
# Date bombs: the projects whose requests carry due, retention and validity dates run again with the clock of the
# test processes at least 200 days ahead, and never before 2027-07-01 (FORCE_MONOTONIC_FIX=0: without it the
# .NET test host hangs under libfaketime). Skipped when only some tests were asked for.
if [[ "$status" -eq 0 && $# -eq 0 ]]; then
  days=$(( ($(date -d 2027-07-01 +%s) - $(date +%s)) / 86400 + 1 )); (( days < 200 )) && days=200
  echo "Date-sensitive tests again with the clock $days days ahead ($(date -u -d "+$days days" +%F))" | tee -a "$LOG"
  for project in DebtPositions Actualisation; do
    FAKETIME_FORCE_MONOTONIC_FIX=0 FAKETIME_DONT_FAKE_MONOTONIC=1 timeout --kill-after=30s 10m faketime -f "+${days}d" \
      dotnet test "$ROOT/tests/$project.Tests" --no-build -nologo \
      --blame-hang-timeout 5m --blame-hang-dump-type none --results-directory "$ROOT/.local/test-results" 2>&1 | tee -a "$LOG"
    [[ "${PIPESTATUS[0]}" -eq 0 ]] || status=1
  done
fi
set -e
# One closing line for the whole suite, summed over the test assemblies.
sum() { grep -oE "$1: +[0-9]+" "$LOG" | awk '{s+=$2} END {print s+0}'; }
[ "$status" -eq 124 ] && echo "The test suite did not finish within 45 minutes and was stopped; see $LOG" >&2
echo "Test suite finished in $(( $(date +%s) - start )) s"
aborted=$(grep -c "^Test Run Aborted" "$LOG" || true)
echo "Tests: $(sum Passed) passed, $(sum Failed) failed, $(sum Skipped) skipped$([ "$aborted" -gt 0 ] && echo ", $aborted test assemblies aborted (see 'The test running when')")"
exit "$status"
