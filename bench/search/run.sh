#!/usr/bin/env bash
# Search benchmark: aftermath against PostgreSQL 15 pg_trgm and SQLite FTS5 (trigram) on one
# data set in one run; see bench/search/README.md. Long-running: `make bench`, never `make check`.
# Usage: bench/search/run.sh [--persons N] [--max-queries N] [--skip-pg] [--skip-fts5] ...
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
for d in ../shared/data/names ../shared/data/population; do
  if [[ ! -d $d ]]; then
    echo "bench/search: $d not found; skipping the search benchmark" >&2
    exit 0
  fi
done
if [[ ! -x $BUILD/aftermath ]]; then
  echo "bench/search: $BUILD/aftermath not built; run 'make build' first" >&2
  exit 1
fi
# Debian's python3 (with python3-psycopg2), not whatever python3 comes first in PATH.
PYTHON=${PYTHON:-/usr/bin/python3}
[[ -x $PYTHON ]] || PYTHON=python3
exec "$PYTHON" bench/search/bench.py --aftermath "$BUILD/aftermath" "$@"
