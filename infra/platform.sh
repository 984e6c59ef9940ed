#!/usr/bin/env bash
# Runs the whole platform on this machine: PostgreSQL and RabbitMQ (installed if missing, on
# loopback, data under .local/), migrations, the six services, the gateway, the Node simulator, the Web app, and
# Prometheus with the PostgreSQL exporter and Alertmanager.
#
#   infra/platform.sh up       build once, migrate, (re)start everything, wait until ready, print URLs
#   infra/platform.sh demo     run the first-payment scenario through the gateway, step by step
#   infra/platform.sh status   what runs, and each /health/ready
#   infra/platform.sh logs [NAME]   follow the logs (all, or one process)
#   infra/platform.sh restart NAME  start one process again (killing it first if it runs)
#   infra/platform.sh down     stop the processes and the servers
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/.local/run"; LOGS="$ROOT/.local/logs"
# shellcheck source=platform.env
source "$ROOT/infra/platform.env"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# PLATFORM_PORT_OFFSET=N: a second platform beside the first on one machine (e.g. a benchmark's smoke run while
# another checkout's platform runs): every port of PROCESSES moved by N, and the gateway's routes with them. Use it
# with PLATFORM_DATABASE (own database and vhost) and PLATFORM_EXTERNAL_SERVERS=1; it runs without Prometheus, whose
# targets are the default ports.
shift_ports() {
  local offset=${PLATFORM_PORT_OFFSET:-0} i cluster
  ((offset)) || return 0
  for i in "${!PROCESSES[@]}"; do
    PROCESSES[i]=$(perl -pe 's/(127\.0\.0\.1:|Port=|^[^|]*\|[^|]*\|)(5\d{3})\b/$1.($2+'"$offset"')/ge' <<<"${PROCESSES[i]}")
    [[ ${PROCESSES[i]} == Gateway\|* ]] || continue
    for cluster in debt-positions:5101 iuv-issuance:5102 node-adapter:5103 actualisation:5104 receipts:5105 reporting:5106; do
      PROCESSES[i]+=" ReverseProxy__Clusters__${cluster%:*}__Destinations__primary__Address=http://127.0.0.1:$((${cluster#*:} + offset))/"
    done
  done
}
shift_ports

say() { printf '\033[1m[platform]\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

require_tools() {
  command -v dotnet >/dev/null || die ".NET SDK 10 is required (https://dot.net); dotnet is not on PATH"
  local need=()
  command -v curl >/dev/null || need+=(curl)
  command -v jq >/dev/null || need+=(jq)
  command -v prometheus >/dev/null || need+=(prometheus)
  command -v prometheus-postgres-exporter >/dev/null || need+=(prometheus-postgres-exporter)
  command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
  command -v npm >/dev/null || need+=(nodejs npm)
  if ((${#need[@]})); then
    [[ $(id -u) -eq 0 ]] || die "please install: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

field() { local entry="$1" n="$2"; cut -d'|' -f"$n" <<<"$entry"; }

pid_alive() { [[ -f "$RUN/$1.pid" ]] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

stop_processes() {
  for entry in "${PROCESSES[@]}"; do
    local name; name=$(field "$entry" 1)
    if pid_alive "$name"; then
      kill "$(cat "$RUN/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do pid_alive "$name" || break; sleep 0.2; done
      pid_alive "$name" && kill -9 "$(cat "$RUN/$name.pid")" 2>/dev/null || true
      say "stopped $name"
    fi
    rm -f "$RUN/$name.pid"
  done
}

prepare_servers() {
  # PLATFORM_EXTERNAL_SERVERS=1: PostgreSQL and RabbitMQ already run from another checkout on the same ports (shared).
  [[ -n "${PLATFORM_EXTERNAL_SERVERS:-}" ]] || "$ROOT/infra/servers.sh" start
  psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$PG_DATABASE'" | grep -q 1 \
    || psql "host=127.0.0.1 port=55432 user=postgres dbname=postgres" -qc "CREATE DATABASE $PG_DATABASE" >/dev/null
  curl -fsS -u guest:guest -X PUT "http://127.0.0.1:55673/api/vhosts/$RABBIT_VHOST" >/dev/null
  curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' \
    -d '{"configure":".*","write":".*","read":".*"}' "http://127.0.0.1:55673/api/permissions/$RABBIT_VHOST/guest" >/dev/null
  broker_users
}

# Each service connects to RabbitMQ as its own user (infra/rabbitmq/users.tsv; docs/operations.md, "RabbitMQ users");
# processes without one (gateway, Web, simulator) have no broker to talk to and keep COMMON_ENV's.
BROKER_USERS=()
broker_users() { mapfile -t BROKER_USERS < <("$ROOT/infra/servers.sh" rabbitmq-users "$RABBIT_VHOST"); }
broker_env() { local line; for line in "${BROKER_USERS[@]}"; do [[ ${line%%=*} == "$1" ]] && echo "ConnectionStrings__RabbitMq=${line#*=}"; done; return 0; }

dll_of() { local name="$1" dir="$2"; echo "$ROOT/$dir/bin/Release/net10.0/$name.dll"; }

# The explicit migration step runs with the service's own configuration, as a k8s init container does.
run_migration() {
  local entry="$1" name dir extra
  name=$(field "$entry" 1); dir=$(field "$entry" 2); extra=$(field "$entry" 4)
  local env_args=("${COMMON_ENV[@]}")
  # shellcheck disable=SC2206
  [[ -n "$extra" ]] && env_args+=($extra)
  env_args+=($(broker_env "$name"))
  env "${env_args[@]}" dotnet "$(dll_of "$name" "$dir")" migrate
}

# The internal signing key every process shares, made once per checkout; the demo ECs' API keys, made
# (or kept, when still valid) with the gateway's own CLI, as an operator would.
ensure_signing_key() {
  mkdir -p "$ROOT/.local/keys"; chmod 700 "$ROOT/.local/keys"
  local file="$ROOT/.local/keys/internal-signing-key"
  [[ -s "$file" ]] || { head -c 32 /dev/urandom | base64 >"$file"; chmod 600 "$file"; }
  COMMON_ENV+=("Identity__SigningKey=$(cat "$file")")
  # Webhook secrets are stored encrypted under this key (ADR 0024); local receivers are on loopback, over http.
  local webhooks="$ROOT/.local/keys/webhook-secret-key"
  [[ -s "$webhooks" ]] || { head -c 32 /dev/urandom | base64 >"$webhooks"; chmod 600 "$webhooks"; }
  COMMON_ENV+=("Webhooks__SecretKey=$(cat "$webhooks")" "Webhooks__AllowPrivateTargets=true" "Webhooks__AllowInsecureTargets=true")
}

# The Web app's token key (the gateway trusts it as an OAuth2 issuer, ADR 0036), the portal's ECs and the back
# office's local users: one operator per demo EC and an administrator of both, passwords made once per checkout.
ensure_web_settings() {
  local key="$ROOT/.local/keys/web-signing-key" users="$ROOT/.local/keys/web-users"
  [[ -s "$key" ]] || { head -c 32 /dev/urandom | base64 >"$key"; chmod 600 "$key"; }
  COMMON_ENV+=("Web__Tokens__SigningKey=$(cat "$key")" "Jwt__Issuer=payments-web" "Jwt__Audience=payments-gateway" "Jwt__SigningKeys__0=$(cat "$key")")
  if [[ ! -s "$users" ]]; then
    { for ec in "${DEMO_ECS[@]}"; do echo "operatore-$ec operator $ec $(head -c 9 /dev/urandom | base64 | tr '+/' 'xy')"; done
      echo "amministratore administrator ${DEMO_ECS[*]} $(head -c 9 /dev/urandom | base64 | tr '+/' 'xy')"; } >"$users"
    chmod 600 "$users"
  fi
  local i=0 n name role password
  for n in "${!DEMO_ECS[@]}"; do COMMON_ENV+=("Web__Organizations__${n}__FiscalCode=${DEMO_ECS[$n]}" "Web__Organizations__${n}__Name=Comune di prova ${DEMO_ECS[$n]}"); done
  while read -r -a fields; do
    name=${fields[0]}; role=${fields[1]}; password=${fields[-1]}
    COMMON_ENV+=("Web__LocalUsers__${i}__Name=$name" "Web__LocalUsers__${i}__Role=$role"
      "Web__LocalUsers__${i}__PasswordHash=$(echo "$password" | dotnet "$(dll_of Web services/Web)" hash-password)")
    for n in $(seq 2 $((${#fields[@]} - 2))); do COMMON_ENV+=("Web__LocalUsers__${i}__Organizations__$((n - 2))=${fields[$n]}"); done
    i=$((i + 1))
  done <"$users"
}

provision_keys() {
  local entry; for entry in "${PROCESSES[@]}"; do [[ $(field "$entry" 1) == Gateway ]] && break; done
  local env_args=("${COMMON_ENV[@]}")
  for ec in "${DEMO_ECS[@]}"; do
    env "${env_args[@]}" dotnet "$(dll_of Gateway gateway/Gateway)" keys ensure --client "demo-$ec" --org "$ec" --role admin \
      --out "$ROOT/.local/keys/$ec" >>"$LOGS/migrations.log" 2>&1 || { tail -n 20 "$LOGS/migrations.log" >&2; die "API key for $ec failed"; }
  done
  say "API keys of the demo ECs: .local/keys/<EC> (send as X-Api-Key)"
}

# PLATFORM_GROUP_COMMIT=<commit_delay in µs>[:<commit_siblings>], e.g. 1000:5 (off by default; docs/bench/
# payments-cost-design.md, "Group commit"): the sessions of every process but NodeAdapter wait that long before
# flushing their commit's WAL when as many other transactions are open, so that concurrent small commits share one
# flush. NodeAdapter is left out: its commit is the receipt log's, which the Node waits for (synchronous_commit on).
group_commit_connection() {
  local delay=${PLATFORM_GROUP_COMMIT%%:*} siblings=5 entry payments=""
  [[ $PLATFORM_GROUP_COMMIT == *:* ]] && siblings=${PLATFORM_GROUP_COMMIT#*:}
  [[ $delay =~ ^[0-9]+$ && $siblings =~ ^[0-9]+$ ]] || { echo "PLATFORM_GROUP_COMMIT must be <µs>[:<siblings>], not $PLATFORM_GROUP_COMMIT" >&2; return 1; }
  for entry in "${COMMON_ENV[@]}"; do [[ $entry == ConnectionStrings__Payments=* ]] && payments=$entry; done
  echo "$payments;Options=\"-c commit_delay=$delay -c commit_siblings=$siblings\""
}

start_process() {
  local entry="$1" name dir port extra
  name=$(field "$entry" 1); dir=$(field "$entry" 2); port=$(field "$entry" 3); extra=$(field "$entry" 4)
  local env_args=("${COMMON_ENV[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$port")
  [[ -z "${PLATFORM_LEAN_RUNTIME:-}" ]] || env_args+=("${RUNTIME_ENV[@]}")
  if [[ -n "${PLATFORM_GROUP_COMMIT:-}" && $name != NodeAdapter ]]; then
    local grouped; grouped=$(group_commit_connection) || exit 1
    env_args+=("$grouped")
  fi
  # shellcheck disable=SC2206
  [[ -n "$extra" ]] && env_args+=($extra)
  env_args+=($(broker_env "$name"))
  # exec so that the recorded pid is the dotnet process itself, not a wrapper shell.
  (cd "$ROOT/$dir" || exit 1; exec nohup env "${env_args[@]}" dotnet "$(dll_of "$name" "$dir")" >"$LOGS/$name.log" 2>&1) &
  echo $! >"$RUN/$name.pid"
}

wait_ready() {
  # /health (broker included), not /health/ready: the demo publishes at once, so every queue must be bound first.
  local name="$1" port="$2" path="/health"
  # 90 s: a process restarted on a loaded machine (infra/chaos.sh) waits for its warm-ups and the bus.
  for _ in $(seq 1 450); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port$path" 2>/dev/null && return 0
    pid_alive "$name" || { tail -n 30 "$LOGS/$name.log" >&2; die "$name exited; log: $LOGS/$name.log"; }
    sleep 0.2
  done
  tail -n 30 "$LOGS/$name.log" >&2; die "$name not ready after 90 s; log: $LOGS/$name.log"
}

# Prometheus and the PostgreSQL exporter, on loopback, data under .local/prometheus (docs/operations.md,
# "Dashboards and alerts"). Debian's packages, run as plain processes: their systemd units are not used.
PROMETHEUS_PORT=5091 PG_EXPORTER_PORT=5092 ALERTMANAGER_PORT=5093
MONITORING=(prometheus postgres-exporter alertmanager)

start_monitoring() {
  mkdir -p "$ROOT/.local/prometheus"
  (exec nohup env DATA_SOURCE_NAME="postgresql://postgres:postgres@127.0.0.1:55432/$PG_DATABASE?sslmode=disable" \
    prometheus-postgres-exporter --web.listen-address="127.0.0.1:$PG_EXPORTER_PORT" \
    --extend.query-path="$ROOT/infra/prometheus/postgres-exporter-queries.yaml" >"$LOGS/postgres-exporter.log" 2>&1) &
  echo $! >"$RUN/postgres-exporter.pid"
  # Alertmanager without its cluster listener (it would bind 0.0.0.0:9094); it mails to the simulator's SMTP sink.
  mkdir -p "$ROOT/.local/alertmanager"
  (exec nohup prometheus-alertmanager --config.file="$ROOT/infra/alertmanager/alertmanager.yml" --storage.path="$ROOT/.local/alertmanager" \
    --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address= >"$LOGS/alertmanager.log" 2>&1) &
  echo $! >"$RUN/alertmanager.pid"
  (exec nohup prometheus --config.file="$ROOT/infra/prometheus/prometheus.yml" --storage.tsdb.path="$ROOT/.local/prometheus" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >"$LOGS/prometheus.log" 2>&1) &
  echo $! >"$RUN/prometheus.pid"
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" 2>/dev/null && return 0; sleep 0.2; done
  tail -n 20 "$LOGS/prometheus.log" >&2; die "Prometheus not ready after 20 s; log: $LOGS/prometheus.log"
}

stop_monitoring() {
  for name in "${MONITORING[@]}"; do
    if pid_alive "$name"; then
      kill "$(cat "$RUN/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 50); do pid_alive "$name" || break; sleep 0.2; done
      say "stopped $name"
    fi
    rm -f "$RUN/$name.pid"
  done
}

up() {
  require_tools
  mkdir -p "$RUN" "$LOGS"
  stop_processes
  stop_monitoring
  prepare_servers
  ensure_signing_key
  say "building (Release)…"
  dotnet build "$ROOT/Payments.sln" -c Release -v q -nologo -clp:ErrorsOnly >/dev/null || die "build failed: dotnet build Payments.sln -c Release"
  for entry in "${PROCESSES[@]}"; do
    local name; name=$(field "$entry" 1)
    [[ " ${MIGRATED[*]} " == *" $name "* ]] || continue
    run_migration "$entry" >>"$LOGS/migrations.log" 2>&1 || { tail -n 20 "$LOGS/migrations.log" >&2; die "migration of $name failed"; }
  done
  say "migrations applied (log: $LOGS/migrations.log)"
  ensure_web_settings
  provision_keys
  for entry in "${PROCESSES[@]}"; do start_process "$entry"; done
  for entry in "${PROCESSES[@]}"; do wait_ready "$(field "$entry" 1)" "$(field "$entry" 3)"; done
  [[ -n "${PLATFORM_PORT_OFFSET:-}" ]] || start_monitoring
  [[ -z "${PLATFORM_PORT_OFFSET:-}" ]] || say "ports below moved by $PLATFORM_PORT_OFFSET; database and vhost $PG_DATABASE; no Prometheus"
  cat <<URLS

  Payments platform is up (logs: infra/platform.sh logs, stop: infra/platform.sh down)

  Citizen portal                  http://127.0.0.1:5080/
  Operators' back office          http://127.0.0.1:5080/backoffice   (local users: name role EC… password)
$(sed 's/^/    /' "$ROOT/.local/keys/web-users")
  Gateway (the only entry point)  http://127.0.0.1:5080   (every /api call needs X-Api-Key: see below)
    API keys (admin, one per EC)  .local/keys/77777777777  .local/keys/88888888888
    e.g. curl -H "X-Api-Key: \$(cat .local/keys/77777777777)" http://127.0.0.1:5080/api/receipts/organizations/77777777777/receipts
    gateway metrics / OpenAPI     http://127.0.0.1:5089/metrics  http://127.0.0.1:5089/openapi/v1.json (internal port)
    debt positions (GPD v1)       http://127.0.0.1:5080/api/debt-positions/v1/organizations/$DEMO_EC/debtpositions
    pagoPA station (SOAP)         http://127.0.0.1:5080/pagopa/paForNode   (WSDL: ?wsdl)
    receipts / reporting          http://127.0.0.1:5080/api/receipts/…  http://127.0.0.1:5080/api/reporting/…
    health of a service           http://127.0.0.1:5080/health/<service>/ready
  Services (direct, /metrics and /openapi/v1.json on each)
$(for entry in "${PROCESSES[@]}"; do printf '    %-15s http://127.0.0.1:%s\n' "$(field "$entry" 1)" "$(field "$entry" 3)"; done)
  RabbitMQ management             http://127.0.0.1:55673 (guest/guest)   PostgreSQL 127.0.0.1:55432 db $PG_DATABASE
  Prometheus                      http://127.0.0.1:$PROMETHEUS_PORT   (targets: /targets, alerts: /alerts; dashboards: infra/grafana/)
  Alertmanager                    http://127.0.0.1:$ALERTMANAGER_PORT   (alerts mailed to http://127.0.0.1:5190/simulator/mail)

  Try the demo: infra/platform.sh demo
URLS
}

status() {
  "$ROOT/infra/servers.sh" status
  for entry in "${PROCESSES[@]}"; do
    local name port; name=$(field "$entry" 1); port=$(field "$entry" 3)
    if pid_alive "$name"; then
      local h; h=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)
      printf '%-15s pid %-7s :%s ready=%s\n' "$name" "$(cat "$RUN/$name.pid")" "$port" "$h"
    else printf '%-15s stopped\n' "$name"; fi
  done
  for name in "${MONITORING[@]}"; do
    if pid_alive "$name"; then printf '%-15s pid %-7s\n' "$name" "$(cat "$RUN/$name.pid")"; else printf '%-15s stopped\n' "$name"; fi
  done
}

logs() {
  if [[ -n "${1:-}" ]]; then tail -n 100 -F "$LOGS/$1.log"; else tail -n 20 -F "$LOGS"/*.log; fi
}

case "${1:-up}" in
  up) up ;;
  demo) exec "$ROOT/infra/demo.sh" ;;
  status) status ;;
  logs) logs "${2:-}" ;;
  # One process started again with the platform's configuration (after a crash, or by infra/chaos.sh).
  restart) ensure_signing_key; ensure_web_settings; broker_users; for entry in "${PROCESSES[@]}"; do [[ $(field "$entry" 1) == "${2:?restart NAME}" ]] || continue
      pid_alive "$2" && kill -9 "$(cat "$RUN/$2.pid")" 2>/dev/null; start_process "$entry"; wait_ready "$2" "$(field "$entry" 3)"; done ;;
  down) stop_processes; stop_monitoring; [[ -n "${PLATFORM_EXTERNAL_SERVERS:-}" ]] || "$ROOT/infra/servers.sh" stop ;;
  *) echo "usage: $0 up|demo|status|logs [NAME]|restart NAME|down" >&2; exit 2 ;;
esac
