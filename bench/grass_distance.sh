#!/bin/sh
# The distance surface by GRASS as a whole process, for the benchmark's
# side-by-side comparison with gt_proximity: the rasterized roads imported
# into a temporary GRASS location, r.grow.distance (Euclidean, map units),
# the distances written as a Float32 GeoTIFF as gt_proximity writes them.
# Usage: grass_distance.sh ROADS.tif OUT.tif
set -eu
roads=$1 out=$2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -f "$out"
grass --tmp-location "$roads" --exec sh -c "r.in.gdal -o input='$roads' output=roads --quiet &&
  r.null map=roads setnull=0 --quiet && r.grow.distance -m input=roads distance=d --quiet &&
  r.out.gdal -c -f input=d output='$out' format=GTiff type=Float32 createopt=TILED=YES --quiet" \
  > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
