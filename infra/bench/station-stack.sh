#!/usr/bin/env bash
# A private copy of the station's stack for benchmarks, next to (not instead of) infra/platform.sh:
# NodeAdapter, Gateway and NodeSimulator from their Release builds on their own ports, database and
# vhost, with the configuration of infra/platform.env. The shared PostgreSQL/RabbitMQ must be running.
#
#   infra/bench/station-stack.sh up     create db + vhost, migrate, start the three processes, wait ready
#   infra/bench/station-stack.sh down   stop them (by the pids this script recorded)
#
# Env: GATEWAY_PORT (7080), NODE_ADAPTER_PORT (7103), SIMULATOR_PORT (7190), BENCH_DB (payments_station,
# also the vhost), NODE_ADAPTER_ENV / GATEWAY_ENV (extra "K=V ..." for an experiment, e.g. DOTNET_gcServer=0),
# BUILD_ROOT (a checkout whose NodeAdapter and Gateway Release builds to run, e.g. an older commit unpacked
# with git archive, to compare before/after side by side), STACK_NAME (pid/log folder, default BENCH_DB).
# Build first: dotnet build -c Release services/NodeAdapter gateway/Gateway tests/NodeSimulator (each .csproj).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
GATEWAY_PORT="${GATEWAY_PORT:-7080}"; NODE_ADAPTER_PORT="${NODE_ADAPTER_PORT:-7103}"; SIMULATOR_PORT="${SIMULATOR_PORT:-7190}"
DB="${BENCH_DB:-payments_station}"
RUN="$ROOT/.local/bench-${STACK_NAME:-$DB}"
BUILD_ROOT="${BUILD_ROOT:-$ROOT}"
PG="Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=$DB;Maximum Pool Size=50"
AMQP="amqp://guest:guest@127.0.0.1:55672/$DB"
STATION_URL="http://127.0.0.1:$GATEWAY_PORT/pagopa/paForNode"

dll() { local root="$BUILD_ROOT"; [[ "$2" == NodeSimulator ]] && root="$ROOT"; echo "$root/$1/bin/Release/net10.0/$2.dll"; }

start() { # start NAME DIR PORT ENV...
  local name="$1" dir="$2" port="$3"; shift 3
  (cd "$(dirname "$(dll "$dir" "$name")")"; exec nohup env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    Logging__Console__FormatterName=simple "$@" dotnet "$(dll "$dir" "$name")" >"$RUN/$name.log" 2>&1) &
  echo $! >"$RUN/$name.pid"
}

ready() { # ready NAME URL
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null || { tail -n 30 "$RUN/$1.log" >&2; echo "$1 exited" >&2; exit 1; }
    sleep 0.2
  done
  tail -n 30 "$RUN/$1.log" >&2; echo "$1 not ready after 30 s" >&2; exit 1
}

down() {
  for name in NodeSimulator Gateway NodeAdapter; do
    [[ -f "$RUN/$name.pid" ]] || continue
    kill "$(cat "$RUN/$name.pid")" 2>/dev/null || true
    rm -f "$RUN/$name.pid"
  done
}

up() {
  mkdir -p "$RUN"; down
  for project in services/NodeAdapter:NodeAdapter gateway/Gateway:Gateway tests/NodeSimulator:NodeSimulator; do
    [[ -f "$(dll "${project%%:*}" "${project##*:}")" ]] || { echo "build ${project##*:} in Release first" >&2; exit 1; }
  done
  psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
    || psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -qc "CREATE DATABASE $DB" >/dev/null
  curl -fsS -u guest:guest -X PUT "http://127.0.0.1:55673/api/vhosts/$DB" >/dev/null
  curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
    "http://127.0.0.1:55673/api/permissions/$DB/guest" >/dev/null
  # The same internal signing key for the gateway and the NodeAdapter (the gateway forwards the Node's identity as a token).
  local signing; signing=$(head -c 32 /dev/urandom | base64)
  local station=(ConnectionStrings__Payments="$PG" ConnectionStrings__RabbitMq="$AMQP" Identity__SigningKey="$signing"
    Station__BrokerId=77777777777 Station__StationId=77777777777_01 Station__Organizations__0=77777777777
    Station__PublicUrl="$STATION_URL" Station__SpontaneousServices__00001=general-service.xsd)
  env "${station[@]}" dotnet "$(dll services/NodeAdapter NodeAdapter)" migrate >/dev/null
  # shellcheck disable=SC2086
  start NodeAdapter services/NodeAdapter "$NODE_ADAPTER_PORT" "${station[@]}" ${NODE_ADAPTER_ENV:-}
  # shellcheck disable=SC2086
  local gateway=(ConnectionStrings__Payments="$PG" Identity__SigningKey="$signing" Station__ClientAuthentication__Mode=None)
  env "${gateway[@]}" dotnet "$(dll gateway/Gateway Gateway)" migrate >/dev/null
  # shellcheck disable=SC2086
  start Gateway gateway/Gateway "$GATEWAY_PORT" "${gateway[@]}" \
    "ReverseProxy__Clusters__node-adapter__Destinations__primary__Address=http://127.0.0.1:$NODE_ADAPTER_PORT/" ${GATEWAY_ENV:-}
  start NodeSimulator tests/NodeSimulator "$SIMULATOR_PORT" Node__StationUrl="$STATION_URL" \
    Node__BrokerId=77777777777 Node__StationId=77777777777_01 Node__PspId=PSPSIM01
  ready NodeAdapter "http://127.0.0.1:$NODE_ADAPTER_PORT/health/ready"
  ready Gateway "http://127.0.0.1:$GATEWAY_PORT/health/node-adapter/ready"
  ready NodeSimulator "http://127.0.0.1:$SIMULATOR_PORT/health"
  echo "station stack up: gateway :$GATEWAY_PORT, NodeAdapter :$NODE_ADAPTER_PORT, simulator :$SIMULATOR_PORT, db/vhost $DB (logs $RUN)"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
