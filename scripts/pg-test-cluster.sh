#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests: `start DIR` creates (or reuses) a cluster in DIR,
# listening on a free port on 127.0.0.1 only with trust authentication, and prints its URL (also
# written to DIR/url); `stop DIR` stops it and removes DIR. Both are idempotent. `restart DIR`
# restarts a running cluster on the same port (fault tests: clients see it go away and come back).
# As root the server runs as the unprivileged `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

usage() { echo "usage: $0 start|stop|restart DIR" >&2; exit 2; }
(($# == 2)) || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
data=$dir/data
run_user=postgres

pg_bin=${AFTERMATH_PG_BIN:-}
if [[ -z $pg_bin ]]; then
  pg_bin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)  # the newest
fi
if [[ ! -x $pg_bin/pg_ctl ]]; then
  [[ $cmd == stop && ! -e $data/PG_VERSION ]] && { rm -rf "$dir"; exit 0; }
  echo "pg-test-cluster: PostgreSQL server binaries not found" \
    "(install postgresql-15: scripts/install-deps.sh)" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$run_user" -- "$@"
  else
    "$@"
  fi
}

# The real data directory: the server's user may not be able to pass through DIR to the link.
pgdata() { readlink -f "$data"; }

running() {
  [[ -e $data/PG_VERSION ]] && as_owner "$pg_bin/pg_ctl" -D "$(pgdata)" status >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The data directory lives in DIR when the server's user can reach it, otherwise in a private
# directory under /tmp that DIR/data links to (a root-owned build tree may be closed to others).
make_data_dir() {
  if [[ $(id -u) -ne 0 ]]; then
    mkdir -p "$data"
    return
  fi
  if runuser -u "$run_user" -- test -x "$dir" 2>/dev/null; then
    mkdir -p "$data"
    chown "$run_user:" "$dir" "$data"
  else
    local tmp
    tmp=$(mktemp -d /tmp/aftermath-pg.XXXXXX)
    chown "$run_user:" "$tmp"
    ln -sfn "$tmp" "$data"
  fi
  chmod 700 "$data/"
}

start() {
  if running && [[ -s $dir/url ]]; then
    cat "$dir/url"
    return
  fi
  if [[ ! -e $data/PG_VERSION ]]; then
    rm -rf "$data"
    make_data_dir
    as_owner "$pg_bin/initdb" -D "$(pgdata)" --auth=trust --username=postgres --encoding=UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  local port attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    # Loopback TCP only, no Unix socket; durability is not wanted from a test cluster.
    if as_owner "$pg_bin/pg_ctl" -D "$(pgdata)" -l "$(pgdata)/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=''" \
        -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        -o "-c max_connections=200" start >/dev/null; then
      echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$dir/url"
      cat "$dir/url"
      return
    fi
    echo "pg-test-cluster: start on port $port failed (attempt $attempt)" >&2
    tail -n 20 "$data/server.log" >&2 || true
  done
  exit 1
}

stop() {
  if running; then
    as_owner "$pg_bin/pg_ctl" -D "$(pgdata)" -m fast -w stop >/dev/null
  fi
  if [[ -L $data ]]; then
    rm -rf "$(readlink "$data")"
  fi
  rm -rf "$dir"
}

restart() {
  running || { echo "pg-test-cluster: no cluster running in $dir" >&2; exit 1; }
  # pg_ctl reuses the options of the last start (postmaster.opts), so the port stays the same.
  as_owner "$pg_bin/pg_ctl" -D "$(pgdata)" -l "$(pgdata)/server.log" -m fast -w -t 60 \
    restart >/dev/null
}

case $cmd in
  start) start ;;
  stop) stop ;;
  restart) restart ;;
  *) usage ;;
esac
