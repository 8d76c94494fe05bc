#!/usr/bin/env bash
# Throwaway PostgreSQL on loopback for the test suite (Debian/Ubuntu packages; root or a normal user).
#   scripts/pg-test.sh start <dir> <port>   → prints the postgres:// URL of a fresh database "donga_test"
#   scripts/pg-test.sh stop  <dir>
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data dir}; port=${3:-5439}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL server binaries not found: apt-get install -y postgresql" >&2
  exit 1
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
case "$cmd" in
  start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_pg "$pgbin/initdb -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync" >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$pgbin/pg_ctl -D '$dir/data' -l '$dir/server.log' -w -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    psql -h 127.0.0.1 -p "$port" -U postgres -qc 'create database donga_test' >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/donga_test"
    ;;
  stop)
    as_pg "$pgbin/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop <dir> [port]" >&2; exit 2 ;;
esac
