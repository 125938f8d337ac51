#!/usr/bin/env bash
# A throw-away deployment on loopback, the production topology in miniature: one PostgreSQL,
# N `aftermath serve` processes over it (default 2), and nginx in front balancing them.
#
#   deploy/local/cluster.sh start DIR    creates it in DIR, prints the front URL
#   deploy/local/cluster.sh status DIR   one line per process; exit 1 when one is down
#   deploy/local/cluster.sh stop DIR     stops everything and removes DIR (idempotent)
#
# For fault tests:
#   deploy/local/cluster.sh server-start DIR I   (re)starts server I on its old port
#   deploy/local/cluster.sh server-kill DIR I    SIGKILLs server I
#   deploy/local/cluster.sh db-restart DIR       pg_ctl restart, same port
#
# DIR/env (sourceable KEY=VALUE) names the URLs, ports and pids; DIR/*.log are the logs.
# Environment: AFTERMATH_BIN (default build/aftermath), AFTERMATH_SERVERS (2),
# AFTERMATH_ADMIN_PASSWORD (default: random, written to DIR/admin-password),
# AFTERMATH_SERVE_ARGS (extra `serve` arguments), AFTERMATH_START_TIMEOUT (seconds, 120),
# AFTERMATH_COPY_FROM (sqlite:PATH, a registry copied in before the servers start).
# As root, PostgreSQL runs as `postgres` and nginx as `www-data`: neither refuses to run, and
# neither gets more privilege than it needs.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status DIR | server-start|server-kill DIR I | db-restart DIR" >&2
  exit 2
}
(($# >= 2)) || usage
cmd=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [[ $cmd == stop && ! -d $2 ]]; then exit 0; fi
mkdir -p "$2"
dir=$(cd "$2" && pwd)
bin=${AFTERMATH_BIN:-$repo/build/aftermath}
[[ $bin == /* ]] || bin=$PWD/$bin
servers=$(cat "$dir/state/servers" 2>/dev/null || echo "${AFTERMATH_SERVERS:-2}")
start_timeout=${AFTERMATH_START_TIMEOUT:-120}
nginx_user=www-data
# Debian puts nginx in /usr/sbin, which an unprivileged user's PATH may lack.
nginx=$(command -v nginx || echo /usr/sbin/nginx)

log() { echo "cluster: $*" >&2; }
die() { log "$*"; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Running and not a zombie (a killed server may wait for a parent that does not reap it).
alive() {
  [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null &&
    [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

# Values remembered across commands live in one file a line: DIR/state/NAME.
put() { mkdir -p "$dir/state" && echo "$2" >"$dir/state/$1"; }
get() { cat "$dir/state/$1" 2>/dev/null || true; }

write_env() {
  local i
  {
    echo "FRONT_URL=http://127.0.0.1:$(get front_port)"
    echo "FRONT_PORT=$(get front_port)"
    echo "NGINX_PID=$(cat "$dir/nginx/nginx.pid" 2>/dev/null || true)"
    echo "DB_URL=$(get db_url)"
    echo "PG_DIR=$dir/pg"
    echo "SERVERS=$servers"
    for ((i = 1; i <= servers; i++)); do
      echo "SERVER${i}_URL=http://127.0.0.1:$(get "server$i.port")"
      echo "SERVER${i}_PORT=$(get "server$i.port")"
      echo "SERVER${i}_PID=$(get "server$i.pid")"
    done
    echo "ADMIN_USER=admin"
    echo "ADMIN_PASSWORD_FILE=$dir/admin-password"
  } >"$dir/env.tmp"
  mv "$dir/env.tmp" "$dir/env"
}

start_db() {
  local url
  url=$("$repo/scripts/pg-test-cluster.sh" start "$dir/pg")
  # A database of its own, as in production (the `postgres` database stays empty).
  if [[ $(psql -d "$url" -XAtc "SELECT 1 FROM pg_database WHERE datname = 'aftermath'") != 1 ]]; then
    psql -d "$url" -Xq -v ON_ERROR_STOP=1 -c "CREATE DATABASE aftermath"  # UTF-8, C.UTF-8
  fi
  put db_url "${url%/postgres}/aftermath"
  "$bin" migrate --db "$(get db_url)" >"$dir/migrate.log" 2>&1 ||
    { cat "$dir/migrate.log" >&2; die "migrate failed"; }
  # A registry to start from (benchmarks): `aftermath copy` wants an empty database.
  if [[ -n ${AFTERMATH_COPY_FROM:-} && -z $(get copied) ]]; then
    "$bin" copy --from "$AFTERMATH_COPY_FROM" --to "$(get db_url)" >"$dir/copy.log" 2>&1 ||
      { tail -n 20 "$dir/copy.log" >&2; die "copying $AFTERMATH_COPY_FROM failed"; }
    put copied 1
  fi
  if [[ ! -s $dir/admin-password ]]; then
    (umask 077 && echo "${AFTERMATH_ADMIN_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')}" \
      >"$dir/admin-password")
  fi
  local out
  if ! out=$("$bin" user add --db "$(get db_url)" --username admin --role admin --password-stdin \
      <"$dir/admin-password" 2>&1); then
    [[ $out == *taken* ]] || die "creating the admin failed: $out"
  fi
}

# Starts server I and waits for its "serving ... on http://HOST:PORT/" line. The first start
# lets the kernel pick the port (no race with other tests); restarts reuse it, since nginx's
# upstream names it.
start_server() {
  local i=$1 port pid
  if alive "$(get "server$i.pid")"; then return; fi
  port=$(get "server$i.port")
  local log_file=$dir/server$i.log
  echo "--- start $(date -u +%FT%TZ)" >>"$log_file"
  local offset
  offset=$(stat -c %s "$log_file")
  # shellcheck disable=SC2086  # AFTERMATH_SERVE_ARGS is a list of words
  # nginx, on loopback, names each client in X-Real-IP: public lookups and sign-in attempts are
  # limited per client, not all together as nginx's.
  setsid "$bin" serve --db "$(get db_url)" --listen "127.0.0.1:${port:-0}" --web "$repo/web" \
    --trusted-proxies 127.0.0.1 ${AFTERMATH_SERVE_ARGS:-} </dev/null >>"$log_file" 2>&1 &
  pid=$!
  put "server$i.pid" "$pid"
  local deadline=$((SECONDS + start_timeout)) line=""
  while ((SECONDS < deadline)); do
    line=$(tail -c +"$((offset + 1))" "$log_file" | grep -m1 -o 'serving .* on http://127\.0\.0\.1:[0-9]*/' || true)
    [[ -n $line ]] && break
    alive "$pid" || { tail -n 20 "$log_file" >&2; die "server $i exited while starting"; }
    sleep 0.1
  done
  [[ -n $line ]] || { kill -9 "$pid" 2>/dev/null || true; die "server $i did not start in ${start_timeout}s"; }
  port=${line##*:}
  put "server$i.port" "${port%/}"
}

# nginx runs unprivileged (as www-data when we are root) with every path it writes under its
# own directory; as root, that directory is a private one under /tmp when www-data cannot reach
# DIR (a root-owned build tree may be closed to others).
nginx_dir() {
  local nd=$dir/nginx
  if [[ $(id -u) -eq 0 && ! -e $nd ]]; then
    if runuser -u "$nginx_user" -- test -x "$dir" 2>/dev/null; then
      mkdir -p "$nd"
    else
      ln -sfn "$(mktemp -d /tmp/aftermath-nginx.XXXXXX)" "$nd"
    fi
    chown "$nginx_user:" "$(readlink -f "$nd")"
  fi
  mkdir -p "$nd"
  readlink -f "$nd"
}

as_nginx_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$nginx_user" -- "$@"; else "$@"; fi
}

write_nginx_conf() {
  local nd=$1 port=$2 i upstreams="" nofile
  # As many connections as the descriptor limit allows (up to 65536): the worker raises its
  # soft limit to this, and a connection is a descriptor.
  nofile=$(ulimit -Hn)
  [[ $nofile == unlimited ]] || ((nofile > 65536)) && nofile=65536
  for ((i = 1; i <= servers; i++)); do
    # Passive health check: one failed connection takes a server out for 5 s, then nginx
    # tries it again with real traffic.
    upstreams+="    server 127.0.0.1:$(get "server$i.port") max_fails=1 fail_timeout=5s;"$'\n'
  done
  cat >"$nd/nginx.conf.tmp" <<EOF
# Generated by deploy/local/cluster.sh; see docs/operations.md, "A deployment on loopback".
daemon on;
worker_processes 1;            # two cores: leave the other to the servers
worker_rlimit_nofile $nofile;
pid $nd/nginx.pid;
error_log $nd/error.log warn;

events {
  worker_connections $((nofile - 64));  # clients and upstreams; a few for logs
}

http {
  log_format upstream '\$remote_addr [\$time_iso8601] "\$request_method \$uri" \$status '
                      '\$body_bytes_sent rt=\$request_time up=\$upstream_addr '
                      'us=\$upstream_status ut=\$upstream_response_time id=\$request_id';
  access_log $nd/access.log upstream buffer=64k flush=1s;
  client_body_temp_path $nd/tmp/body;
  proxy_temp_path $nd/tmp/proxy;
  fastcgi_temp_path $nd/tmp/fastcgi;
  uwsgi_temp_path $nd/tmp/uwsgi;
  scgi_temp_path $nd/tmp/scgi;
  server_tokens off;

  # Slow clients are dropped as aftermath drops them (--read-timeout 10, --idle-timeout 30).
  client_header_timeout 10s;
  client_body_timeout 10s;
  send_timeout 30s;
  keepalive_timeout 30s;
  # Bodies as large as aftermath takes (--max-body-bytes 1048576) buffered in memory.
  client_max_body_size 1m;
  client_body_buffer_size 1m;

  upstream aftermath {
    least_conn;  # a slow search does not queue the next requests behind it
$upstreams
    keepalive 64;
    # Shorter than aftermath's idle timeout (30 s): nginx drops an idle upstream connection
    # before the server does, so it never sends a request on a connection being closed.
    keepalive_timeout 20s;
  }

  server {
    listen 127.0.0.1:$port backlog=4096;

    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Real-IP \$remote_addr;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    # One id in nginx's log and the server's for each request.
    proxy_set_header X-Request-Id \$request_id;
    proxy_connect_timeout 2s;
    proxy_read_timeout 60s;
    # A request goes to the other server only when this one could not be reached or gave no
    # answer; POST and PATCH only when they were never sent (nginx's default: no
    # non_idempotent), so a write is never applied twice. A 503 is the database's, which the
    # other server shares: not retried.
    proxy_next_upstream error timeout;
    proxy_next_upstream_tries 2;
    proxy_next_upstream_timeout 5s;
    proxy_intercept_errors off;
    # When no server answers, the API's own error shape rather than nginx's HTML page.
    error_page 502 504 = @unavailable;
    error_page 413 = @too_large;

    location / {
      proxy_pass http://aftermath;
    }
    # File imports take up to 32 MiB (the route's own limit) and longer to process.
    location = /api/v1/imports {
      client_max_body_size 32m;
      proxy_request_buffering off;
      proxy_read_timeout 600s;
      proxy_pass http://aftermath;
    }
    location @unavailable {
      default_type application/json;
      add_header Cache-Control no-store always;
      add_header Retry-After 1 always;
      return 503 '{"error":{"code":"unavailable","message":"no aftermath server answered; try again"}}';
    }
    location @too_large {
      default_type application/json;
      return 413 '{"error":{"code":"payload_too_large","message":"the request body is too large"}}';
    }
  }
}
EOF
  mv "$nd/nginx.conf.tmp" "$nd/nginx.conf"
}

start_nginx() {
  local nd port
  nd=$(nginx_dir)
  if alive "$(cat "$nd/nginx.pid" 2>/dev/null)"; then return; fi
  port=$(get front_port)
  [[ -n $port ]] || port=$(free_port)
  mkdir -p "$nd/tmp"
  [[ $(id -u) -eq 0 ]] && chown -R "$nginx_user:" "$nd"
  write_nginx_conf "$nd" "$port"
  as_nginx_user "$nginx" -t -q -p "$nd" -e "$nd/error.log" -c "$nd/nginx.conf" ||
    die "nginx rejected $nd/nginx.conf"
  as_nginx_user "$nginx" -p "$nd" -e "$nd/error.log" -c "$nd/nginx.conf" ||
    { tail -n 20 "$nd/error.log" >&2; die "nginx did not start"; }
  put front_port "$port"
  local deadline=$((SECONDS + 10))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz"; do
    ((SECONDS < deadline)) || { tail -n 20 "$nd/error.log" >&2; die "nginx does not answer on $port"; }
    sleep 0.1
  done
}

start() {
  [[ -x $nginx ]] || die "nginx not found (scripts/install-deps.sh installs it)"
  [[ -x $bin ]] || die "$bin not built (make build, or set AFTERMATH_BIN)"
  put servers "$servers"
  start_db
  local i
  for ((i = 1; i <= servers; i++)); do start_server "$i"; done
  start_nginx
  write_env
  echo "http://127.0.0.1:$(get front_port)"
}

stop_pid() {
  local pid=$1 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    alive "$pid" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  local i nd=$dir/nginx
  stop_pid "$(cat "$nd/nginx.pid" 2>/dev/null || true)"
  for ((i = 1; i <= servers; i++)); do stop_pid "$(get "server$i.pid")"; done
  "$repo/scripts/pg-test-cluster.sh" stop "$dir/pg"
  [[ -L $nd ]] && rm -rf "$(readlink "$nd")"
  rm -rf "$dir"
}

status() {
  local i ok=0 nd=$dir/nginx
  if psql -d "$(get db_url)" -XAtc 'SELECT 1' >/dev/null 2>&1; then
    echo "postgresql  up    $(get db_url)"
  else
    echo "postgresql  down  $(get db_url)"
    ok=1
  fi
  for ((i = 1; i <= servers; i++)); do
    local pid port
    pid=$(get "server$i.pid")
    port=$(get "server$i.port")
    if alive "$pid" && curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz"; then
      echo "server$i     up    http://127.0.0.1:$port/ pid $pid"
    else
      echo "server$i     down  http://127.0.0.1:$port/ pid $pid"
      ok=1
    fi
  done
  local pid
  pid=$(cat "$nd/nginx.pid" 2>/dev/null || true)
  if alive "$pid" && curl -fsS -o /dev/null "http://127.0.0.1:$(get front_port)/healthz"; then
    echo "nginx       up    http://127.0.0.1:$(get front_port)/ pid $pid"
  else
    echo "nginx       down  http://127.0.0.1:$(get front_port)/ pid $pid"
    ok=1
  fi
  return $ok
}

server_index() {
  if [[ ! ${1:-} =~ ^[0-9]+$ ]] || (($1 < 1 || $1 > servers)); then usage; fi
}

case $cmd in
  start) start ;;
  stop) stop ;;
  status) status ;;
  server-start)
    server_index "${3:-}"
    start_server "$3"
    write_env
    ;;
  server-kill)
    server_index "${3:-}"
    kill -KILL "$(get "server$3.pid")" 2>/dev/null || true
    ;;
  db-restart) "$repo/scripts/pg-test-cluster.sh" restart "$dir/pg" ;;
  *) usage ;;
esac
