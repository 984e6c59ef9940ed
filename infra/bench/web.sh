#!/usr/bin/env bash
# Page response times under load (issue 18): the citizen portal's home, the back office's home (6-7 API calls per EC,
# made in parallel, its counts shared 5 s per EC: ADR 0068), a position's page in the back office and the back office
# search, through the gateway of the running platform, with wrk. Signs in as the demo EC's operator (.local/keys/web-users), creates one
# published position with the demo EC's API key, then loads each page for DURATION seconds with CONNECTIONS
# connections. Writes .local/bench/web-<date>.md. The Web app's API calls have their own gateway budget (ADR 0069):
# non-2xx in the report are real failures, not the per-client rate limit.
#   infra/platform.sh up && infra/bench/web.sh [duration=30] [connections=16]
# WEB_URL, WEB_USER, WEB_PASSWORD and API_KEY override the local run's (e.g. to smoke-run against another stack).
set -euo pipefail
[[ -n "${BENCH_LOCKED:-}" ]] || BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"

DURATION=${1:-30}; CONNECTIONS=${2:-16}
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../platform.env
source "$ROOT/infra/platform.env"
EC=$DEMO_EC
GW=${WEB_URL:-http://127.0.0.1:5080}
USERS="$ROOT/.local/keys/web-users"
USER_NAME=${WEB_USER:-$(awk -v ec="$EC" '$2 == "operator" && $3 == ec { print $1 }' "$USERS" 2>/dev/null)}
PASSWORD=${WEB_PASSWORD:-$(awk -v u="$USER_NAME" '$1 == u { print $NF }' "$USERS" 2>/dev/null)}
KEY=${API_KEY:-$(cat "$ROOT/.local/keys/$EC" 2>/dev/null || true)}
[[ -n "$USER_NAME" && -n "$PASSWORD" && -n "$KEY" ]] || { echo "no local user or API key: run infra/platform.sh up first" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
OUT="$ROOT/.local/bench"; mkdir -p "$OUT"; WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
REPORT="$OUT/web-$(date -u +%Y%m%dT%H%M%SZ).md"
say() { printf '[web-bench] %s\n' "$*" >&2; }
token() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//; s/"$//'; }

curl -fsSk "$GW/health/web/ready" >/dev/null || { say "the Web app is not ready at $GW/health/web/ready"; exit 1; }
# One published position of the demo EC (its IUV configuration as the demo sets it, idempotent).
curl -fsSk -H "X-Api-Key: $KEY" -X PUT "$GW/api/iuv/organizations/$EC" -H 'content-type: application/json' -d '{"segregationCode":"01","auxDigit":3}' >/dev/null
IUPD="BENCH-WEB-$(date +%s)"
DUE=$(date -u -d '+30 days' +%Y-%m-%dT12:00:00Z)
curl -fsSk -H "X-Api-Key: $KEY" -H 'content-type: application/json' -o "$WORK/position.json" \
  "$GW/api/debt-positions/v1/organizations/$EC/debtpositions?toPublish=true" -d @- <<JSON
{"iupd":"$IUPD","type":"F","fiscalCode":"RSSMRA80A01H501U","fullName":"Mario Rossi","companyName":"Comune di prova","switchToExpired":false,
 "paymentOption":[{"amount":12050,"description":"TARI","isPartialPayment":false,"dueDate":"$DUE","fee":0,
 "transfer":[{"idTransfer":"1","amount":12050,"remittanceInformation":"TARI","category":"9/0101108TS/","iban":"IT60X0542811101000000123456"}]}]}
JSON
NAV=$(jq -r '.paymentOption[0].nav' "$WORK/position.json")

# Sign in as a browser does: the form's antiforgery token and cookie, then the session cookie.
curl -fsSk -c "$WORK/jar" -o "$WORK/login.html" "$GW/backoffice/accesso"
curl -fsSk -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data-urlencode "__RequestVerificationToken=$(token "$WORK/login.html")" \
  --data-urlencode "Name=$USER_NAME" --data-urlencode "Password=$PASSWORD" "$GW/backoffice/accesso"
curl -fsSk -b "$WORK/jar" -c "$WORK/jar" -o "$WORK/search.html" "$GW/backoffice/ricerca"
# Netscape cookie jar: HttpOnly cookies are the lines prefixed #HttpOnly_.
COOKIES=$(awk -F'\t' '(/^#HttpOnly_/ || !/^#/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$WORK/jar")
grep -q backoffice <<<"$COOKIES" || { say "sign-in failed for $USER_NAME"; exit 1; }
SEARCH_BODY="__RequestVerificationToken=$(token "$WORK/search.html")&Organization=$EC&Kind=nav&Value=$NAV&Status="
cat >"$WORK/search.lua" <<LUA
wrk.method = "POST"
wrk.body = "$SEARCH_BODY"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "$COOKIES"
LUA
# Fails the run if a page does not answer as expected before it is measured.
curl -fsSk -b "$WORK/jar" "$GW/backoffice/posizioni/$EC/$IUPD" | grep -q "$NAV" || { say "the position page does not show $NAV"; exit 1; }

run() {
  local name="$1" file; shift
  file="$WORK/$(tr -c 'a-z0-9' '-' <<<"$name").txt"
  say "$name: ${DURATION}s, $CONNECTIONS connections"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" >"$file"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { print $2 }' "$file")
  p50=$(awk '$1 == "50%" { print $2 }' "$file"); p99=$(awk '$1 == "99%" { print $2 }' "$file")
  errors=$(awk '/Non-2xx or 3xx responses/ { print $NF }' "$file"); errors=${errors:-0}
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$errors" >>"$REPORT"
}
{
  echo "# Web page response times ($(date -u +%FT%TZ), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d${DURATION}s, through the gateway)"
  echo
  echo "| page | requests/s | p50 | p99 | non-2xx/3xx |"
  echo "|---|---|---|---|---|"
} >"$REPORT"
run "portal home (GET /)" "$GW/"
run "back office home (GET /backoffice)" -H "Cookie: $COOKIES" "$GW/backoffice"
run "position page (GET /backoffice/posizioni/…)" -H "Cookie: $COOKIES" "$GW/backoffice/posizioni/$EC/$IUPD"
run "search by notice number (POST /backoffice/ricerca)" -s "$WORK/search.lua" "$GW/backoffice/ricerca"
cat "$REPORT"
say "report: $REPORT"
