#!/usr/bin/env bash
# Installs (if missing) and runs PostgreSQL 15 and RabbitMQ on loopback, with data under .local/.
# Usage: infra/servers.sh start|stop|status|env|rabbitmq-users VHOST
# Shared by the local platform (infra/platform.sh) and the test suite (infra/test.sh): one pair of
# servers per machine; tests isolate themselves by database and virtual host.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="$ROOT/.local"
PG_PORT="${PAYMENTS_PG_PORT:-55432}"
AMQP_PORT="${PAYMENTS_AMQP_PORT:-55672}"
MGMT_PORT="${PAYMENTS_RABBIT_MGMT_PORT:-55673}"
RABBIT_PROM_PORT="${PAYMENTS_RABBIT_PROM_PORT:-55692}"
DIST_PORT="${PAYMENTS_RABBIT_DIST_PORT:-55674}"
EPMD_PORT="${PAYMENTS_EPMD_PORT:-54369}"
PGBIN=/usr/lib/postgresql/15/bin
PG_DIR="$LOCAL/pg"
RMQ_DIR="$LOCAL/rabbitmq"

log() { printf '[servers] %s\n' "$*" >&2; }

# A port held by something else (often the servers of another checkout) would make the start fail
# with an obscure message: name the port, the holder and the way out instead.
ensure_port_free() {
  local port="$1" what="$2"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    local holder; holder="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'users:.*' | head -1 || true)"
    log "cannot start $what: 127.0.0.1:$port is already in use ${holder:+($holder)}"
    log "stop whatever holds it (another checkout: its infra/servers.sh stop) or choose other ports (PAYMENTS_*_PORT, see infra/servers.sh)"
    exit 1
  fi
}

install_missing() {
  local need=()
  [[ -x "$PGBIN/initdb" ]] || need+=(postgresql)
  [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] || need+=(rabbitmq-server)
  command -v curl >/dev/null || need+=(curl)
  command -v psql >/dev/null || need+=(postgresql-client)
  # Fonts the services render notice and receipt PDFs with.
  [[ -d /usr/share/fonts/truetype/dejavu ]] || need+=(fonts-dejavu-core)
  if ((${#need[@]})); then
    [[ $(id -u) -eq 0 ]] || { log "need root to install: ${need[*]}"; exit 1; }
    log "installing ${need[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

rabbit_env() {
  export HOME="$RMQ_DIR/home"
  export RABBITMQ_NODENAME=rabbit@localhost
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$AMQP_PORT"
  export RABBITMQ_DIST_PORT="$DIST_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT="$EPMD_PORT"
  export RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RMQ_DIR/log"
  export RABBITMQ_PID_FILE="$RMQ_DIR/rabbit.pid"
  export RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  export RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

pg_running() { [[ -f "$PG_DIR/data/postmaster.pid" ]] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; }
rabbit_running() { rabbit_env; /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n rabbit@localhost ping >/dev/null 2>&1; }

start_pg() {
  if pg_running; then log "PostgreSQL already running on 127.0.0.1:$PG_PORT"; return; fi
  ensure_port_free "$PG_PORT" PostgreSQL
  mkdir -p "$PG_DIR"; chown postgres:postgres "$PG_DIR"
  # postgres must be able to traverse every parent directory of its data folder.
  local d="$PG_DIR"; while [[ "$d" != "/" ]]; do chmod o+x "$d" 2>/dev/null || true; d="$(dirname "$d")"; done
  if [[ ! -f "$PG_DIR/data/PG_VERSION" ]]; then
    runuser -u postgres -- "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='$PG_DIR' -c max_connections=400 -c shared_buffers=512MB -c fsync=${PAYMENTS_PG_FSYNC:-on} -c synchronous_commit=${PAYMENTS_PG_SYNC_COMMIT:-on} ${PAYMENTS_PG_OPTIONS:-}" >/dev/null
  log "PostgreSQL up on 127.0.0.1:$PG_PORT (data $PG_DIR/data)"
}

start_rabbit() {
  rabbit_env
  if rabbit_running; then log "RabbitMQ already running on 127.0.0.1:$AMQP_PORT"; return; fi
  ensure_port_free "$AMQP_PORT" RabbitMQ
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  : > "$RABBITMQ_CONF_ENV_FILE"
  cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$AMQP_PORT
loopback_users = none
management.tcp.ip = 127.0.0.1
management.tcp.port = $MGMT_PORT
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = $RABBIT_PROM_PORT
CONF
  echo '[rabbitmq_management,rabbitmq_prometheus].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  nohup /usr/lib/rabbitmq/bin/rabbitmq-server > "$RMQ_DIR/server.out" 2>&1 &
  # The CLI needs the server's pid file to exist before `wait` can follow it.
  for _ in $(seq 1 100); do [[ -s "$RABBITMQ_PID_FILE" ]] && break; sleep 0.2; done
  /usr/lib/rabbitmq/bin/rabbitmq-diagnostics -q -n rabbit@localhost wait "$RABBITMQ_PID_FILE" --timeout 90 >/dev/null
  for _ in $(seq 1 100); do curl -fsS -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/overview" >/dev/null 2>&1 && break; sleep 0.2; done
  log "RabbitMQ up on 127.0.0.1:$AMQP_PORT (management http://127.0.0.1:$MGMT_PORT, metrics :$RABBIT_PROM_PORT)"
}

stop_all() {
  if rabbit_running; then rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -q -n rabbit@localhost stop >/dev/null 2>&1 || true; log "RabbitMQ stopped"; fi
  if pg_running; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null; log "PostgreSQL stopped"; fi
}

print_env() {
  cat <<ENV
export PAYMENTS_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=postgres"
export PAYMENTS_RABBITMQ="amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
export PAYMENTS_RABBITMQ_MANAGEMENT="http://127.0.0.1:$MGMT_PORT/"
export PAYMENTS_RABBIT_PROM_PORT="$RABBIT_PROM_PORT"
ENV
}

# One RabbitMQ user per service in VHOST, with the permissions of infra/rabbitmq/users.tsv (as in k8s), named
# <vhost>-<user> (users are global; the vhost keeps two platforms' users apart) with a password made once per checkout
# (.local/keys/rabbitmq/). Prints one line per service: NAME=amqp://user:password@127.0.0.1:port/vhost.
rabbitmq_users() {
  local vhost="${1:?rabbitmq-users VHOST}" keys="$LOCAL/keys/rabbitmq" service user configure write read
  local api="http://127.0.0.1:$MGMT_PORT/api"
  mkdir -p "$keys"; chmod 700 "$LOCAL/keys" "$keys"
  while IFS=$'\t' read -r service user configure write read; do
    [[ -z "$service" || "$service" == \#* ]] && continue
    local name="$vhost-$user" file="$keys/$vhost-$user"
    [[ -s "$file" ]] || { head -c 18 /dev/urandom | base64 | tr '+/' 'xy' >"$file"; chmod 600 "$file"; }
    jq -n --arg p "$(cat "$file")" '{password: $p, tags: ""}' \
      | curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' -d @- "$api/users/$name" >/dev/null
    jq -n --arg c "$configure" --arg w "$write" --arg r "$read" '{configure: $c, write: $w, read: $r}' \
      | curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' -d @- "$api/permissions/$vhost/$name" >/dev/null
    echo "$service=amqp://$name:$(cat "$file")@127.0.0.1:$AMQP_PORT/$vhost"
  done <"$ROOT/infra/rabbitmq/users.tsv"
}

case "${1:-start}" in
  start) install_missing; start_pg; start_rabbit ;;
  stop) stop_all ;;
  status) pg_running && log "PostgreSQL running :$PG_PORT" || log "PostgreSQL stopped"; rabbit_running && log "RabbitMQ running :$AMQP_PORT" || log "RabbitMQ stopped" ;;
  env) print_env ;;
  rabbitmq-users) rabbitmq_users "${2:-}" ;;
  # infra/chaos.sh: RabbitMQ stopped and started again; PostgreSQL stopped as by a crash (immediate: recovery
  # from the WAL at start) and started again.
  restart-rabbitmq) rabbit_env; /usr/lib/rabbitmq/bin/rabbitmqctl -q -n rabbit@localhost stop >/dev/null 2>&1 || true; start_rabbit ;;
  restart-postgres) runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null || true; start_pg ;;
  *) echo "usage: $0 start|stop|status|env|rabbitmq-users VHOST|restart-rabbitmq|restart-postgres" >&2; exit 2 ;;
esac
