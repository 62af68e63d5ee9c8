#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the server-backed tests and benchmarks, and
# prints the DATABASE_URL to use. Usage: .ci/start-postgres.sh DIR PORT
set -euo pipefail
dir=${1:-/tmp/heartwood-pg}
port=${2:-54329}
bin=/usr/local/bin
run_as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi; }

if [ ! -s "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  chown postgres "$dir" 2>/dev/null || true
  run_as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C >/dev/null
fi
if ! run_as_postgres "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  run_as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=200 -c shared_buffers=512MB -c fsync=on" >/dev/null
fi
for _ in $(seq 1 30); do
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1 && break
  sleep 1
done
psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "select 1 from pg_database where datname='heartwood'" | grep -q 1 ||
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc 'create database heartwood' >/dev/null
echo "postgres://postgres@127.0.0.1:$port/heartwood"
