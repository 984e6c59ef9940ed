# Sourced by the benchmarks that run their own private stack of Release builds on their own ports, database and vhost
# of the shared PostgreSQL/RabbitMQ (reissue.sh, reconcile-flow.sh), so that they need no running platform.
# The script sets ROOT, RUN (a directory for the processes' logs and pids), DB (the database and vhost) and COMMON (the
# environment of every process), and defines say() and secs() in its own words, before sourcing this file.
PG_HOST=${PG_HOST:-127.0.0.1}; PG_PORT=${PG_PORT:-55432}; MGMT=${MGMT:-http://127.0.0.1:55673}

now() { date +%s.%N; }
dll() { echo "$ROOT/$1/bin/Release/net10.0/$(basename "$1").dll"; }
json_field() { if [[ "$2" =~ \"$1\":\"?([^\",}]*) ]] && [[ "${BASH_REMATCH[1]}" != null ]]; then printf '%s' "${BASH_REMATCH[1]}"; else printf '?'; fi; }

build_release() { # build_release PROJECT...: builds those without a Release build
  local project
  for project in "$@"; do
    [[ -f "$(dll "$project")" ]] || { say "building $project (Release)"; dotnet build "$ROOT/$project" -c Release -v q -nologo -clp:ErrorsOnly >/dev/null; }
  done
}
start() { # start PROJECT PORT ENV...
  local project="$1" port="$2" name; name=$(basename "$1"); shift 2
  (cd "$(dirname "$(dll "$project")")"; exec env "${COMMON[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" dotnet "$(dll "$project")" >"$RUN/$name.log" 2>&1) &
  echo $! >"$RUN/$name.pid"
}
ready() { # ready NAME URL
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null || { tail -n 30 "$RUN/$1.log" >&2; say "$1 exited"; exit 1; }
    sleep 0.2
  done
  tail -n 30 "$RUN/$1.log" >&2; say "$1 not ready after 120 s"; exit 1
}
teardown() {
  [[ -n "${BENCH_KEEP:-}" ]] && { say "kept: stack pids in $RUN, database and vhost $DB"; return; }
  for f in "$RUN"/*.pid; do [[ -f "$f" ]] && kill "$(cat "$f")" 2>/dev/null || true; done
  sleep 1
  psql "host=$PG_HOST port=$PG_PORT user=postgres dbname=postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  curl -fsS -u guest:guest -X DELETE "$MGMT/api/vhosts/$DB" >/dev/null 2>&1 || true
}
create_database_and_vhost() {
  psql "host=$PG_HOST port=$PG_PORT user=postgres dbname=postgres" -qc "CREATE DATABASE $DB" >/dev/null
  curl -fsS -u guest:guest -X PUT "$MGMT/api/vhosts/$DB" >/dev/null
  curl -fsS -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
    "$MGMT/api/permissions/$DB/guest" >/dev/null
}
cpu_ticks() { # one line per started process: its name and CPU ticks so far (user + system)
  local f
  for f in "$RUN"/*.pid; do printf '%s %s\n' "$(basename "$f" .pid)" "$(awk '{print $14 + $15}' "/proc/$(cat "$f")/stat")"; done
}
cpu_rows() { # cpu_rows BEFORE AFTER: a Markdown row per process with its CPU seconds between two cpu_ticks
  awk -v t="$(getconf CLK_TCK)" 'NR == FNR { b[$1] = $2; next } { printf "| %s | %.1f |\n", $1, ($2 - b[$1]) / t }' <(echo "$1") <(echo "$2")
}
