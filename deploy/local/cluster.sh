#!/usr/bin/env bash
# The split topology on one machine, on loopback: a real PostgreSQL (Debian's package, installed
# when missing), a DynamoDB endpoint (moto_server here; real DynamoDB in production), two
# frontends, two transformers and two envoy-management servers.
#
#   deploy/local/cluster.sh start     # prints the endpoints and the admin key
#   deploy/local/cluster.sh status    # each process and its GET /ready
#   deploy/local/cluster.sh stop      # stops them all (state is kept under $MESHPLANE_LOCAL_DIR)
#   deploy/local/cluster.sh kill NAME # kill -9 one process (fault drills), e.g. transformer-1
#   deploy/local/cluster.sh restart NAME    # NAME may also be postgres
#   deploy/local/cluster.sh pause NAME      # SIGSTOP: frozen but alive (a partition, a long GC); NAME may be moto
#   deploy/local/cluster.sh resume NAME     # SIGCONT
#
# Ports: frontends 7180 7280 (API; GET /ready), envoy-management xDS 7181 7281 (metrics and /ready
# 7183 7283), transformers metrics and /ready 7182 7282, PostgreSQL 15432, moto_server 15433.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${MESHPLANE_LOCAL_DIR:-/tmp/meshplane-local}"
jar="$root/launcher/target/meshplane.jar"
pg_port=15432
moto_port=15433
region=us-west-2
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-testing}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-testing}"
export AWS_REGION="$region"
export MESHPLANE_ADMIN_ACCESS_KEY_ID="${MESHPLANE_ADMIN_ACCESS_KEY_ID:-AKIALOCALCLUSTERADMIN}"
export MESHPLANE_ADMIN_SECRET_ACCESS_KEY="${MESHPLANE_ADMIN_SECRET_ACCESS_KEY:-local-cluster-admin-secret-0123456789}"
export MESHPLANE_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$pg_port/meshplane"
export MESHPLANE_POSTGRES_USER=meshplane MESHPLANE_POSTGRES_PASSWORD=meshplane
export MESHPLANE_DYNAMODB_ENDPOINT="http://127.0.0.1:$moto_port"
export MESHPLANE_REGION="$region"

# name -> command line (after `java -jar meshplane.jar`) and the port answering GET /ready
declare -A args ready
args[frontend-1]="frontend --api-port 7180"; ready[frontend-1]=7180
args[frontend-2]="frontend --api-port 7280"; ready[frontend-2]=7280
args[transformer-1]="transformer --worker-id transformer-1 --metrics-port 7182"; ready[transformer-1]=7182
args[transformer-2]="transformer --worker-id transformer-2 --metrics-port 7282"; ready[transformer-2]=7282
args[envoy-management-1]="envoy-management --xds-port 7181 --metrics-port 7183 --xds-allow-unauthenticated"; ready[envoy-management-1]=7183
args[envoy-management-2]="envoy-management --xds-port 7281 --metrics-port 7283 --xds-allow-unauthenticated"; ready[envoy-management-2]=7283
services=(frontend-1 frontend-2 transformer-1 transformer-2 envoy-management-1 envoy-management-2)

log() { echo "cluster: $*" >&2; }

as_postgres() {
  # initdb and postgres refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$dir" ]; then
    log "installing PostgreSQL (Debian's postgresql package)"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq postgresql >/dev/null; fi
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$dir"
}

start_postgres() {
  local bin data="$state/postgres"
  bin="$(pg_bin)"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    if [ "$(id -u)" = 0 ]; then
      chown postgres:postgres "$data"
      chmod o+x "$state"   # the postgres user must reach its data directory (mktemp dirs are 0700)
    fi
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust >/dev/null
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  "$bin/psql" -h 127.0.0.1 -p $pg_port -U postgres -qtAc \
    "SELECT 1 FROM pg_roles WHERE rolname='meshplane'" | grep -q 1 \
    || "$bin/psql" -h 127.0.0.1 -p $pg_port -U postgres -qc "CREATE ROLE meshplane LOGIN PASSWORD 'meshplane'"
  "$bin/psql" -h 127.0.0.1 -p $pg_port -U postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname='meshplane'" | grep -q 1 \
    || "$bin/psql" -h 127.0.0.1 -p $pg_port -U postgres -qc "CREATE DATABASE meshplane OWNER meshplane"
  log "PostgreSQL on 127.0.0.1:$pg_port (data $data)"
}

stop_postgres() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$bin" ] && [ -f "$state/postgres/PG_VERSION" ] \
    && as_postgres "$bin/pg_ctl" -D "$state/postgres" -m fast stop >/dev/null 2>&1 || true
}

alive() { [ -f "$state/pids/$1" ] && kill -0 "$(cat "$state/pids/$1")" 2>/dev/null; }

start_moto() {
  command -v moto_server >/dev/null || { log "moto_server is missing: pip install 'moto[server]'"; exit 1; }
  if ! alive moto; then
    nohup moto_server -H 127.0.0.1 -p $moto_port >"$state/logs/moto.log" 2>&1 &
    echo $! >"$state/pids/moto"
  fi
  await_http "http://127.0.0.1:$moto_port/moto-api/" moto
  log "DynamoDB (moto_server) on 127.0.0.1:$moto_port"
}

await_http() {
  local url="$1" name="$2"
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    alive "$name" || { log "$name exited; see $state/logs/$name.log"; tail -20 "$state/logs/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  log "$name did not answer $url within 120 s"; exit 1
}

start_service() {
  local name="$1"
  alive "$name" && return 0
  # shellcheck disable=SC2086
  nohup java ${MESHPLANE_JAVA_OPTS:--Xmx384m} -jar "$jar" ${args[$name]} >"$state/logs/$name.log" 2>&1 &
  echo $! >"$state/pids/$name"
}

start() {
  mkdir -p "$state/pids" "$state/logs"
  [ -f "$jar" ] || "$root/bin/meshplane" --version >/dev/null   # builds the jar when missing
  start_postgres
  start_moto
  # one frontend first: it creates the journal schema the others then find
  start_service frontend-1
  await_http "http://127.0.0.1:${ready[frontend-1]}/ready" frontend-1
  for name in "${services[@]}"; do start_service "$name"; done
  for name in "${services[@]}"; do await_http "http://127.0.0.1:${ready[$name]}/ready" "$name"; done
  cat <<INFO
Meshplane local cluster is up (state and logs in $state):
  App Mesh API   http://127.0.0.1:7180  http://127.0.0.1:7280
  xDS            127.0.0.1:7181  127.0.0.1:7281 (plaintext, unauthenticated allowed)
  admin key      AWS_ACCESS_KEY_ID=$MESHPLANE_ADMIN_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$MESHPLANE_ADMIN_SECRET_ACCESS_KEY AWS_REGION=$region
  try            aws appmesh list-meshes --endpoint-url http://127.0.0.1:7180
INFO
}

stop_service() {
  local name="$1" pid
  alive "$name" || { rm -f "$state/pids/$name"; return 0; }
  pid="$(cat "$state/pids/$name")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$state/pids/$name"
}

stop() {
  for name in "${services[@]}" moto; do stop_service "$name"; done
  stop_postgres
  log "stopped"
}

status() {
  for name in "${services[@]}"; do
    if alive "$name"; then
      printf '%-20s pid %-8s %s\n' "$name" "$(cat "$state/pids/$name")" \
        "$(curl -s "http://127.0.0.1:${ready[$name]}/ready" | tr -d '\n' | cut -c1-100)"
    else
      printf '%-20s down\n' "$name"
    fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  kill) [ -n "${2:-}" ] && alive "$2" && kill -9 "$(cat "$state/pids/$2")" && rm -f "$state/pids/$2" && log "killed $2" ;;
  restart)
    if [ "${2:-}" = postgres ]; then
      as_postgres "$(pg_bin)/pg_ctl" -D "$state/postgres" -m fast -w restart \
        -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" >/dev/null && log "restarted postgres"
    else
      [ -n "${2:-}" ] && { stop_service "$2"; start_service "$2"; await_http "http://127.0.0.1:${ready[$2]}/ready" "$2"; }
    fi ;;
  pause) [ -n "${2:-}" ] && alive "$2" && kill -STOP "$(cat "$state/pids/$2")" && log "paused $2" ;;
  resume) [ -n "${2:-}" ] && alive "$2" && kill -CONT "$(cat "$state/pids/$2")" && log "resumed $2" ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
