#!/usr/bin/env bash
# Load benchmarks of the HTTP server on a realistic registry; see bench/load/README.md.
# Long-running and machine-dependent: never part of `make check`.
#
#   bench/load/run.sh [--persons N] [--duration S] [--connections C] [--threads T]
#                     [--idle N] [--slow N] [--cluster] [--work DIR] [--only NAME,...]
#
# Builds (once, kept in --work) an SQLite registry of N generated persons (default 1,000,000),
# serves it, and measures with wrk: the operator search (signed in), the public lookup (which
# is rate-limited: what is measured is how cheaply it refuses), and /healthz; then holds --idle
# keep-alive connections (default 10,000) and --slow one-byte-a-second clients (default 500)
# while probing with normal requests. --cluster measures through nginx in front of two servers
# over PostgreSQL instead (deploy/local/cluster.sh; the registry is copied into it).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
bin=$PWD/$BUILD/aftermath
persons=1000000
duration=30
connections=32
threads=4
idle=10000
slow=500
cluster=0
only=all
work=""
while (($#)); do
  case $1 in
    --persons) persons=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --slow) slow=$2; shift 2 ;;
    --cluster) cluster=1; shift ;;
    --work) work=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) sed -n '2,14p' "$0" >&2; exit 2 ;;
  esac
done
work=${work:-$BUILD/bench-load}
mkdir -p "$work"
work=$(cd "$work" && pwd)
wants() { [[ $only == all || ,$only, == *,$1,* ]]; }
log() { echo "bench/load: $*" >&2; }

[[ -x $bin ]] || { log "$bin not built; run 'make build' first"; exit 1; }
command -v wrk >/dev/null || { log "wrk not found (scripts/install-deps.sh installs it)"; exit 1; }
if [[ ! -d ../shared/data/population ]]; then
  log "../shared/data/population not found (demo generate needs it); skipping"
  exit 0
fi
password="correct horse battery staple"
# The load measures the server, not the public page's proof of work (lookup-proof-bits): off.
export AFTERMATH_LOOKUP_PROOF_BITS=0

# The registry: generated persons imported into SQLite, once per size.
db=$work/persons-$persons.db
if [[ ! -s $db.done ]]; then
  rm -f "$db" "$db-wal" "$db-shm"
  log "generating $persons persons"
  "$bin" demo generate --persons "$persons" --seed 1 >"$work/persons-$persons.jsonl"
  log "importing them (a few minutes for 1,000,000)"
  start=$SECONDS
  "$bin" import --db "sqlite:$db" --source "Bench hospital" --source-kind hospital \
    --format jsonl "$work/persons-$persons.jsonl" >"$work/import.log" 2>&1
  echo "$persons persons imported in $((SECONDS - start)) s" >"$db.done"
  echo "$password" | "$bin" user add --db "sqlite:$db" --username admin --role admin \
    --password-stdin >/dev/null
fi
cat "$db.done" >&2

# A server matches every report it has not matched yet (duplicates among persons, open
# inquiries) in the background. An imported list leaves a million of them; measured before that
# catch-up ends, the search figures are of a server also matching a million rows (a third of
# its CPU). The steady state is what is measured: the catch-up runs to its end once, here.
unmatched() {
  python3 -c 'import sqlite3, sys
print(sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute(
    "SELECT count(*) FROM reports WHERE matched_at IS NULL").fetchone()[0])' "$db"
}
if [[ ! -s $db.matched ]]; then
  log "matching the $(unmatched) imported reports in the background, as a server does (once)"
  start=$SECONDS
  "$bin" serve --db "sqlite:$db" --listen 127.0.0.1:0 --threads 2 >"$work/catch-up.log" 2>&1 &
  catch_up_pid=$!
  while (($(unmatched) > 0)); do
    kill -0 "$catch_up_pid" || { tail "$work/catch-up.log" >&2; log "the server exited"; exit 1; }
    sleep 10
  done
  kill "$catch_up_pid" && wait "$catch_up_pid" || true
  echo "the catch-up matched every report in $((SECONDS - start)) s" >"$db.matched"
fi
cat "$db.matched" >&2

# Queries: 2,000 of the registry's own names, as an operator types them (full name) and as the
# public form sends them (surname, given name, patronymic).
python3 - "$work/persons-$persons.jsonl" "$work" <<'EOF'
import json, random, sys, urllib.parse
names = [json.loads(line)["full_name"] for line in open(sys.argv[1], encoding="utf-8")]
random.seed(1)
sample = random.sample(names, min(2000, len(names)))
with open(f"{sys.argv[2]}/search-paths.txt", "w") as f:
    for n in sample:
        f.write("/api/v1/search?limit=10&q=" + urllib.parse.quote(n) + "\n")
with open(f"{sys.argv[2]}/public-paths.txt", "w") as f:
    for n in sample:
        parts = n.split()
        if len(parts) < 2:
            continue
        q = {"surname": parts[0], "given_name": parts[1]}
        if len(parts) > 2:
            q["patronymic"] = " ".join(parts[2:])
        f.write("/api/v1/public/search?" + urllib.parse.urlencode(q) + "\n")
EOF

pids=()
cleanup() {
  local p
  # Wait for the exit too: a server still closing its database would hold it from the next run.
  for p in "${pids[@]}"; do
    if kill "$p" 2>/dev/null; then wait "$p" 2>/dev/null || true; fi
  done
  if ((cluster)); then deploy/local/cluster.sh stop "$work/cluster" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if ((cluster)); then
  log "starting nginx + 2 servers + PostgreSQL, the registry copied in"
  deploy/local/cluster.sh stop "$work/cluster"
  url=$(AFTERMATH_BIN=$bin AFTERMATH_COPY_FROM="sqlite:$db" AFTERMATH_ADMIN_PASSWORD=$password \
    AFTERMATH_SERVE_ARGS="--threads $threads" AFTERMATH_START_TIMEOUT=600 \
    deploy/local/cluster.sh start "$work/cluster")
  # shellcheck disable=SC1091
  server_pid=$(. "$work/cluster/env" && echo "$SERVER1_PID")
else
  log "serving $db (the index of $persons persons is built first)"
  "$bin" serve --db "sqlite:$db" --listen 127.0.0.1:0 --threads "$threads" \
    >"$work/serve.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for ((i = 0; i < 6000; i++)); do
    grep -q 'serving .* on http://' "$work/serve.log" && break
    kill -0 "$server_pid" || { tail "$work/serve.log" >&2; log "the server exited"; exit 1; }
    sleep 0.1
  done
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -n 1)
fi
log "serving at $url"

cookie=$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$url/api/v1/auth/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(aftermath_session=[^;]*\).*/\1/p')
[[ -n $cookie ]] || { log "sign-in failed"; exit 1; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
echo "# $persons persons, $( ((cluster)) && echo "nginx + 2 servers + PostgreSQL" || echo "one server, SQLite"), --threads $threads"
run_wrk() {
  local name=$1 paths=$2 auth=$3
  echo "== $name: wrk -t1 -c$connections -d${duration}s; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  PATHS=$paths COOKIE=$auth wrk -t1 -c"$connections" -d"${duration}s" --latency \
    -s bench/load/paths.lua "$url" | grep -E 'Requests/sec|Non-2xx|Socket errors|requests in|p50_ms'
}
if wants search; then run_wrk "operator search" "$work/search-paths.txt" "$cookie"; fi
if wants public; then run_wrk "public lookup (rate-limited)" "$work/public-paths.txt" ""; fi
if wants healthz; then
  echo /healthz >"$work/healthz-paths.txt"
  run_wrk "healthz" "$work/healthz-paths.txt" ""
fi
if wants idle; then
  echo "== $idle idle keep-alive connections; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 bench/load/idle_conns.py --url "$url" --connections "$idle" --hold 20 \
    --pid "$server_pid" || true
fi
if wants slow; then
  echo "== $slow slow clients, one byte a second; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 bench/load/slow_clients.py --url "$url" --clients "$slow" --duration 25 || true
fi
