#!/usr/bin/env bash
# Benchmark (on demand; not part of `make test`). Generates the workload
# once into bench/work/, then measures whole processes with /usr/bin/time
# (wall clock, CPU time, peak resident memory) and prints each goal as
# figure vs target, with the peers measured side by side:
#  1. the distance transform as a whole process writing a Float32 GeoTIFF:
#     bench/gt_proximity (exact EDT) vs gdal_proximity.py -distunits GEO
#     on the same 10,000 x 10,000 grid of rasterized roads (target >= 3x),
#     and GRASS r.grow.distance (bench/grass_distance.sh); each surface
#     checked against brute-force exact distances at 2,000 sampled cells
#     (check_distances.py);
#  2. per-parcel zonal statistics as a whole process: bench/gt_zonal vs
#     QGIS's native:zonalstatisticsfb (python3-qgis, target >= 10x) and
#     GRASS r.univar zones= (bench/grass_zonal.sh), same values checked
#     parcel by parcel (compare_zonal.py);
#  3. whole `gistool site` runs: 25 M and 100 M cells (20 m, 10 m) with
#     100,000 parcels; 10,000 parcels; with the stage timings of run_info.
#     Targets at 100 M: < 15 s wall, <= 1.2 GiB peak, CPU/wall >= 1.7 on
#     2 cores; the example province's site and rank runs < 2 s each.
#     400 M cells (5 m, <= 4.3x the 100 M run) and 1,000,000 parcels
#     (<= 30 s); --quick leaves these two out.
# Usage: bench/run.sh [BUILD_DIR] [edt|zonal|site] [--quick]
#   `make bench` installs GRASS (grass-core) and QGIS (python3-qgis) first
#   (.ci/deps.sh --bench); without `grass` on PATH its two runs are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
only=${2:-all}
large=1
for a in "$@"; do [ "$a" = "--quick" ] && large=0; done
[ "$only" = "--quick" ] && only=all
work=bench/work
py=/usr/bin/python3
[ -f "$work/site.yaml" ] || $py bench/make_workload.py "$work"
if [ ! -f "$work/roads_10m.tif" ]; then
  gdal_rasterize -q -burn 1 -ot Byte -tr 10 10 -te 500000 2200000 600000 2300000 \
    -at -co TILED=YES -co COMPRESS=DEFLATE "$work/roads.gpkg" "$work/roads_10m.tif"
fi
# Best of $runs runs (wall clock on a shared machine varies), with the CPU
# time and peak memory of that run: sets secs, cpu, mib.
measure() { # label, runs, command...
  local label=$1 runs=$2; shift 2
  local best="" all="" s u y kb
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" ||
      { cat "$work/stderr.txt"; return 1; }
    read -r s u y kb < "$work/time.txt"
    all="$all $s"
    if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$s cpu=$(awk -v u="$u" -v y="$y" 'BEGIN { print u + y }') mib=$((kb / 1024))
    fi
  done
  secs=$best
  printf '%-40s %8.2f s  cpu/wall %4.2f  %6d MiB   (runs:%s)\n' "$label" "$secs" \
    "$(awk -v c="$cpu" -v s="$secs" 'BEGIN { print c / s }')" "$mib" "$all"
}
goal() { # label, figure, comparison (lt|le|ge), target, unit
  awk -v l="$1" -v f="$2" -v c="$3" -v t="$4" -v u="$5" 'BEGIN {
    ok = (c == "lt" && f < t) || (c == "le" && f <= t) || (c == "ge" && f >= t)
    op = c == "lt" ? "<" : c == "le" ? "<=" : ">="
    printf "GOAL %-46s %9.2f %-4s (target %s %g) %s\n", l, f, u, op, t, ok ? "met" : "NOT MET" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

if [ "$only" = all ] || [ "$only" = edt ]; then
  echo "== distance transform, 10000 x 10000 cells, 50,000 road segments rasterized"
  rm -f "$work/prox_gt.tif"
  measure "gistool EDT (gt_proximity)" 3 "$build/gt_proximity" "$work/roads_10m.tif" "$work/prox_gt.tif"
  t_gt=$secs
  measure "gdal_proximity.py -distunits GEO" 3 sh -c "rm -f $work/prox_gdal.tif && exec gdal_proximity.py -q $work/roads_10m.tif $work/prox_gdal.tif -distunits GEO -ot Float32 -values 1"
  goal "distance surface: gdal_proximity.py / gistool" "$(ratio "$secs" "$t_gt")" ge 3 x
  surfaces=("$work/prox_gt.tif" "$work/prox_gdal.tif")
  if command -v grass > /dev/null; then
    measure "GRASS r.grow.distance" 1 bench/grass_distance.sh "$work/roads_10m.tif" "$work/prox_grass.tif"
    echo "ratio GRASS r.grow.distance / gistool EDT: $(ratio "$secs" "$t_gt")"
    surfaces+=("$work/prox_grass.tif")
  fi
  exact=$($py bench/check_distances.py "$work/roads_10m.tif" "${surfaces[@]}")
  echo "$exact"
  goal "distance surface: sampled cells off exact (%)" \
    "$(echo "$exact" | head -1 | sed 's/.*m, *\([0-9.]*\) %.*/\1/')" le 0 %
fi

if [ "$only" = all ] || [ "$only" = zonal ]; then
  echo "== per-parcel zonal statistics, 100,000 parcels over 10000 x 10000 cells"
  [ -f "$work/prox_gt.tif" ] || "$build/gt_proximity" "$work/roads_10m.tif" "$work/prox_gt.tif"
  measure "gistool zonal (gt_zonal)" 3 "$build/gt_zonal" "$work/prox_gt.tif" "$work/parcels.gpkg" "$work/zonal_gt.csv"
  t_gt=$secs
  measure "QGIS native:zonalstatisticsfb" 1 $py bench/qgis_zonal.py "$work/prox_gt.tif" "$work/parcels.gpkg" "$work/zonal_qgis.csv"
  $py bench/compare_zonal.py "$work/zonal_gt.csv" "$work/zonal_qgis.csv"
  goal "zonal statistics: QGIS / gistool" "$(ratio "$secs" "$t_gt")" ge 10 x
  if command -v grass > /dev/null; then
    measure "GRASS r.univar zones= (with gdal_rasterize)" 1 bench/grass_zonal.sh "$work/prox_gt.tif" "$work/parcels.gpkg" "$work/zonal_grass.csv"
    $py bench/compare_zonal.py "$work/zonal_gt.csv" "$work/zonal_grass.csv"
    echo "ratio GRASS r.univar / gistool zonal: $(ratio "$secs" "$t_gt")"
  fi
fi

site() { # label, scenario, extra arguments...
  local label=$1 yaml=$2; shift 2
  rm -f "$work/out.gpkg"
  measure "$label" 1 "$build/gistool" --quiet site "$yaml" -o "$work/out.gpkg" "$@"
  ogrinfo -q "$work/out.gpkg" -sql "SELECT key || ' = ' || value AS v FROM run_info WHERE key IN ('parcels','grid') OR key LIKE 'timing.%'" |
    sed -n 's/^ *v (String) = /    /p'
}
if [ "$only" = all ] || [ "$only" = site ]; then
  echo "== the example province (make demo)"
  for c in site rank; do
    extra=(); [ "$c" = rank ] && extra=(--csv "$work/demo-rank.csv")
    measure "gistool $c examples/ninh-binh/$c.yaml" 3 "$build/gistool" --quiet "$c" \
      "examples/ninh-binh/$c.yaml" -o "$work/demo-$c.gpkg" "${extra[@]}"
    goal "demo: gistool $c" "$secs" lt 2 s
  done
  echo "== whole gistool site runs (100 km x 100 km)"
  site "site, 25 M cells (20 m), 100,000 parcels" "$work/site.yaml" --set resolution_m=20
  site "site, 100 M cells (10 m), 100,000 parcels" "$work/site.yaml"
  t100=$secs c100=$cpu m100=$mib
  goal "site 100 M cells: wall" "$t100" lt 15 s
  goal "site 100 M cells: peak memory" "$(awk -v m="$m100" 'BEGIN { print m / 1024 }')" le 1.2 GiB
  goal "site 100 M cells: CPU/wall" "$(ratio "$c100" "$t100")" ge 1.7 x
  [ -f "$work/site_10000.yaml" ] || $py bench/make_workload.py "$work" --parcels 10000
  site "site, 100 M cells, 10,000 parcels" "$work/site_10000.yaml"
  if [ "$large" = 1 ]; then
    site "site, 400 M cells (5 m), 100,000 parcels" "$work/site.yaml" --set resolution_m=5
    goal "site 400 M / 100 M cells: wall" "$(ratio "$secs" "$t100")" le 4.3 x
    goal "site 400 M / 100 M cells: memory" "$(ratio "$mib" "$m100")" le 4.3 x
    [ -f "$work/site_1000000.yaml" ] || $py bench/make_workload.py "$work" --parcels 1000000
    site "site, 100 M cells, 1,000,000 parcels" "$work/site_1000000.yaml"
    goal "site 1,000,000 parcels: wall" "$secs" le 30 s
  else
    echo "(400 M cells and 1,000,000 parcels left out: --quick)"
  fi
fi
