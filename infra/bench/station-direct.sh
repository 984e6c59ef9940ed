#!/usr/bin/env bash
# Station benchmark, direct to one NodeAdapter process (no gateway): wrk at 16/64/256 connections on
# paVerifyPaymentNotice and paGetPaymentV2, plus GET /health/live on the same process as the baseline.
# Needs the shared servers (infra/servers.sh start) and a built NodeAdapter (Debug unless CONFIG=Release).
# Env: CONFIG, PORT, DURATION, BENCH_DB (database and vhost, dropped and re-created), THREADS (wrk threads, 2).
set -euo pipefail
if [[ -z "${STATION_BENCH_LOCKED:-}" ]]; then   # one benchmark at a time on the machine
  STATION_BENCH_LOCKED=1 exec flock /tmp/payments-bench.lock "$0" "$@"
fi
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CONFIG="${CONFIG:-Debug}"
PORT="${PORT:-5183}"
DURATION="${DURATION:-15s}"
DB="${BENCH_DB:-bench_node_adapter}"
THREADS="${THREADS:-2}"
PG="Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres"
# Every service turns on Npgsql auto-prepare itself (AddServiceDb, ADR 0103).
export ConnectionStrings__Payments="$PG;Database=$DB;Maximum Pool Size=64"
export ConnectionStrings__RabbitMq="amqp://guest:guest@127.0.0.1:55672/$DB"
export Station__BrokerId=77777777777 Station__StationId=77777777777_01 Station__Organizations__0=77777777777
export ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning
# No gateway here: mint the Node's internal token (HS256, ADR 0023) with a key made for this run.
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
export Identity__SigningKey; Identity__SigningKey=$(head -c 32 /dev/urandom | base64 -w0)
JWT_HEAD=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
JWT_BODY=$(printf '{"iss":"payments-gateway","aud":"payments-services","client":"pagopa-node","role":"node","exp":%s}' "$(( $(date +%s) + 86400 ))" | b64url)
JWT_SIG=$(printf '%s.%s' "$JWT_HEAD" "$JWT_BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(base64 -d <<<"$Identity__SigningKey" | od -An -tx1 | tr -d " \n")" -binary | b64url)
export AUTHORIZATION="Bearer $JWT_HEAD.$JWT_BODY.$JWT_SIG"
psql() { command psql -h 127.0.0.1 -p 55432 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
curl -sf -u guest:guest -X PUT "http://127.0.0.1:55673/api/vhosts/$DB" >/dev/null
curl -sf -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
  "http://127.0.0.1:55673/api/permissions/$DB/guest" >/dev/null
DLL="$ROOT/services/NodeAdapter/bin/$CONFIG/net10.0/NodeAdapter.dll"
dotnet "$DLL" migrate
psql -d "$DB" -f "$(dirname "$0")/station-seed.sql"
dotnet "$DLL" & PID=$!
trap 'kill $PID; curl -sf -u guest:guest -X DELETE "http://127.0.0.1:55673/api/vhosts/$DB" >/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null; do sleep 0.5; done
URL="http://127.0.0.1:$PORT"
wrk -t$THREADS -c16 -d5s -s "$(dirname "$0")/station.lua" "$URL/pagopa/paForNode" >/dev/null # warm-up (JIT, pools)
for c in 16 64 256; do
  echo "== baseline GET /health/live, $c connections"; wrk -t$THREADS -c$c -d$DURATION --latency "$URL/health/live" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" || true
  for op in verify getPaymentV2; do
    echo "== $op, $c connections"
    OPERATION=$op wrk -t$THREADS -c$c -d$DURATION --latency -s "$(dirname "$0")/station.lua" "$URL/pagopa/paForNode" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors|KO answers" || true
  done
done
