#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster on 127.0.0.1 from Debian's packages (the
# newest /usr/lib/postgresql/<version>/bin, or PG_BIN).
#   eval "$(bash scripts/throwaway-postgres.sh start)"   → exports TEST_POSTGRES_URL and PGDATA_DIR
#   bash scripts/throwaway-postgres.sh stop "$PGDATA_DIR"
# Without Debian's packages, `npm test` starts PostgreSQL from npm instead (test/support/postgres.ts).
set -euo pipefail
newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
BIN=${PG_BIN:-${newest:-/usr/lib/postgresql/15/bin}}
case "${1:-}" in
  start)
    [ -x "$BIN/initdb" ] || { echo "PostgreSQL is not installed ($BIN): apt-get install postgresql" >&2; exit 1; }
    dir=$(mktemp -d /tmp/ri-pg-XXXXXX)
    chown postgres:postgres "$dir" 2>/dev/null || true
    port=$(( 20000 + RANDOM % 20000 ))
    as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
    as_pg "$BIN/initdb -D $dir/data -U postgres --auth=trust -E UTF8 >/dev/null"
    # Tuned for a throwaway test cluster: durability off, which tests do not need.
    as_pg "$BIN/pg_ctl -D $dir/data -l $dir/log -w -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' start >/dev/null"
    echo "export TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:$port/postgres PGDATA_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: stop PGDATA_DIR}
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$BIN/pg_ctl -D $dir/data -m immediate stop"; else "$BIN/pg_ctl" -D "$dir/data" -m immediate stop; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
