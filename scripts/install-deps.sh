#!/usr/bin/env bash
# Installs what aftermath needs from Debian 12 packages; safe to run again (does nothing when all is present).
set -euo pipefail

packages=(
  build-essential cmake pkg-config git python3
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libicu-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev libfmt-dev libspdlog-dev
  libgtest-dev libgmock-dev libbenchmark-dev libpugixml-dev
  postgresql-15 postgresql-contrib-15 curl python3-psycopg2
  nginx wrk  # deploy/local (the loopback cluster and its fault tests) and bench/load
  libcurl4-openssl-dev  # aftermath pfif sync: following another registry's PFIF feeds
  libpango1.0-dev libcairo2-dev fonts-dejavu-core  # a commission's act as PDF (src/documents)
  poppler-utils  # pdftotext: the act's test reads the PDF's text back
)
if [[ "${AFTERMATH_WITH_BROWSER:-1}" == 1 ]]; then
  packages+=(chromium)
  # Some machines carry a newer nodejs that bundles npm; Debian's npm would conflict with it.
  command -v node >/dev/null || packages+=(nodejs)
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
