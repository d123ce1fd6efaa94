#!/usr/bin/env bash
# A private PostgreSQL server for the tests, from Debian's packages: its own data folder, port and socket folder,
# listening on 127.0.0.1 only, trust authentication for the local user 'postgres' (test data only).
#
#   scripts/postgres.sh install   apt-get install postgresql if the server binaries are missing
#   scripts/postgres.sh start     initdb (first time) and start; creates database 'alerts_test'; prints the connection string
#   scripts/postgres.sh stop      stop the server (fast shutdown)
#
# Settings (environment): ER_PG_PORT (5439), ER_PG_DIR (/tmp/escalationrisk-postgres).
set -euo pipefail

PORT="${ER_PG_PORT:-5439}"
DIR="${ER_PG_DIR:-/tmp/escalationrisk-postgres}"

bindir() {
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1 || true)
  [ -n "$v" ] && echo "/usr/lib/postgresql/$v/bin"
}

as_postgres() { runuser -u postgres -- "$@"; }

cmd_install() {
  if [ -z "$(bindir)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y postgresql >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y postgresql >/dev/null; }
  fi
  [ -n "$(bindir)" ] || { echo "postgres: installation failed" >&2; exit 1; }
}

cmd_start() {
  local bin; bin="$(bindir)"
  mkdir -p "$DIR"
  chown postgres:postgres "$DIR"
  chmod 700 "$DIR"
  if [ ! -f "$DIR/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
  fi
  if ! as_postgres "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='alerts_test'" | grep -q 1; then
    as_postgres "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -c "CREATE DATABASE alerts_test" >/dev/null
  fi
  echo "postgres: ready: Host=127.0.0.1;Port=$PORT;Username=postgres;Database=alerts_test"
}

cmd_stop() {
  local bin; bin="$(bindir)"
  if [ -n "$bin" ] && [ -f "$DIR/PG_VERSION" ] && as_postgres "$bin/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
  fi
  echo "postgres: stopped"
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
