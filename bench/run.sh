#!/usr/bin/env bash
# Benchmark (on demand; not part of `make test`). Generates the workload
# once into bench/work/, then measures with /usr/bin/time (wall clock and
# peak resident memory):
#  1. the distance transform alone, as a whole process writing a Float32
#     GeoTIFF: bench/gt_proximity (exact EDT) vs gdal_proximity.py
#     (approximate) on the same 10,000 x 10,000 grid of rasterized roads;
#  2. a whole `gistool site` run on the workload (target: < 4 GiB).
# Usage: bench/run.sh [BUILD_DIR] [edt]   (edt: the distance transform only)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=bench/work
[ -f "$work/site.yaml" ] || /usr/bin/python3 bench/make_workload.py "$work"
if [ ! -f "$work/roads_10m.tif" ]; then
  gdal_rasterize -q -burn 1 -ot Byte -tr 10 10 -te 500000 2200000 600000 2300000 \
    -at -co TILED=YES -co COMPRESS=DEFLATE "$work/roads.gpkg" "$work/roads_10m.tif"
fi
# Best of $runs runs (wall clock on a shared VM varies by 30 %), with the
# peak memory of that run.
measure() { # label, runs, command...
  local label=$1 runs=$2; shift 2
  local best="" bestkb=0 all=""
  for _ in $(seq "$runs"); do
    rm -f "$work/prox_gt.tif" "$work/prox_gdal.tif"
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null
    read -r secs kb < "$work/time.txt"
    all="$all $secs"
    if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$secs bestkb=$kb
    fi
  done
  printf '%-34s %8.2f s %8.0f MiB   (runs:%s)\n' "$label" "$best" "$((bestkb / 1024))" "$all"
  echo "$best" > "$work/last_secs"
}
echo "distance transform, 10000 x 10000 cells, 50,000 road segments rasterized:"
measure "gistool EDT (gt_proximity)" 3 "$build/gt_proximity" "$work/roads_10m.tif" "$work/prox_gt.tif"
t_gt=$(cat "$work/last_secs")
measure "gdal_proximity.py -distunits GEO" 3 gdal_proximity.py -q "$work/roads_10m.tif" "$work/prox_gdal.tif" -distunits GEO -ot Float32 -values 1
t_gdal=$(cat "$work/last_secs")
awk -v a="$t_gdal" -v b="$t_gt" 'BEGIN { printf "ratio gdal_proximity / gistool EDT: %.2f\n", a / b }'
[ "${2:-}" = "edt" ] && exit 0
echo "whole run, gistool site at 10 m, 100,000 parcels:"
rm -f "$work/out.gpkg"
measure "gistool site" 1 "$build/gistool" --quiet site "$work/site.yaml" -o "$work/out.gpkg"
ogrinfo -q "$work/out.gpkg" -sql "SELECT value FROM run_info WHERE key IN ('parcels','grid') OR key LIKE 'timing.%'" | grep value
