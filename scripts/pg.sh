#!/usr/bin/env bash
# A throwaway PostgreSQL for the test suite: a temporary data directory, loopback only,
# a free port. `pg.sh start DIR` prints a DATABASE_URL on stdout; `pg.sh stop DIR` removes it.
# The server refuses to run as root, so as root the cluster belongs to the postgres user.
set -euo pipefail

cmd=${1:?usage: pg.sh start|stop DIR}
dir=${2:?usage: pg.sh start|stop DIR}

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bindir=$candidate
done
if [ -z "$bindir" ] && command -v initdb >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v initdb)")
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}

case "$cmd" in
  start)
    [ -n "$bindir" ] || { echo "PostgreSQL's initdb was not found" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "'$bindir/initdb' -D '$dir/data' -A trust -U bontrack -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
    as_owner "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
      -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" \
      start >/dev/null"
    as_owner "'$bindir/createdb' -h 127.0.0.1 -p $port -U bontrack bontrack"
    echo "$port" >"$dir/port"
    echo "postgres://bontrack@127.0.0.1:$port/bontrack"
    ;;
  stop)
    if [ -n "$bindir" ] && [ -d "$dir/data" ]; then
      as_owner "'$bindir/pg_ctl' -D '$dir/data' -m immediate stop >/dev/null 2>&1" || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac
