#!/usr/bin/env bash
# Install the Debian packages gistool needs to build, run and test.
# Skips apt-get when everything is already installed. Used by `make`.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config          # toolchain
  libgdal-dev gdal-bin python3-gdal         # GDAL/OGR (+ tools the tests compare against)
  libgeos-dev libproj-dev                   # GEOS (C API), PROJ
  libspatialite-dev libsqlite3-dev          # SpatiaLite, SQLite
  libfyaml-dev                              # scenario YAML with line/column errors
  libssl-dev                                # SHA-256 of inputs (OpenSSL EVP)
  libcmocka-dev                             # unit tests
  libcairo2-dev libpango1.0-dev fonts-noto-core   # map sheets (PNG, PDF) with Vietnamese text
  libigraph-dev libglpk-dev                 # gistool network: shortest paths, exact p-median
)
# `deps.sh --test`: also what the tests use as a planner's client would.
if [ "${1:-}" = "--test" ]; then
  PKGS+=(python3-qgis)                       # QGIS opens and renders the outputs
  PKGS+=(poppler-utils)                      # pdftotext, pdffonts: check the PDF map sheets
  PKGS+=(time)                               # /usr/bin/time: peak memory of a run (tests/bad)
  PKGS+=(python3-pyproj)                     # geodesic areas recomputed independently (pyproj Geod)
  PKGS+=(slurmctld slurmd slurm-client munge)   # gistool batch --scheduler slurm on a real one-node cluster
  PKGS+=(python3-networkx)                   # gistool network: shortest paths checked independently
  PKGS+=(postgresql postgresql-15-postgis-3)   # the register on PostgreSQL/PostGIS (own test server): gistool register, e2e.progress_pg
fi
# `deps.sh --bench`: the benchmark's peers (bench/run.sh): QGIS's zonal
# statistics, GRASS's r.grow.distance and r.univar.
if [ "${1:-}" = "--bench" ]; then
  PKGS+=(python3-qgis grass-core)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
