#!/usr/bin/env bash
# Runs every benchmark program that was built (build/**/*_bench) and prints its figures.
# Long-running: invoked by `make bench`, never by `make check`.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
found=0
while IFS= read -r bin; do
  found=1
  echo "== $bin"
  "$bin" --benchmark_min_time=1 "$@"
done < <(find "$BUILD" -type f -name '*_bench' -perm -u+x | sort)
if [[ $found == 0 ]]; then
  echo "no benchmark programs under $BUILD; run 'make build' first" >&2
  exit 1
fi
