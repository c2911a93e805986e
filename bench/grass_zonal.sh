#!/bin/sh
# Per-parcel zonal statistics by GRASS, as a whole process, for the
# benchmark's side-by-side comparison with gt_zonal: the parcels rasterized
# by gdal_rasterize on the grid of the distance raster (cells whose centre
# is inside, each cell to one parcel: the benchmark's parcels do not
# overlap), both rasters imported into a temporary GRASS location, then
# `r.univar -t zones=`. The table is rewritten in gt_zonal's CSV form
# (fid,count,sum,mean,min,max in the layer's order, "fid,0,,,," for a
# parcel with no cell) so that compare_zonal.py reads it.
# Usage: grass_zonal.sh DIST.tif PARCELS.gpkg OUT.csv
set -eu
dist=$1 parcels=$2 out=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
set -- $(gdalinfo -json "$dist" | /usr/bin/python3 -c 'import json, sys
j = json.load(sys.stdin); g = j["geoTransform"]; w, h = j["size"]
print(g[0], g[3] + h * g[5], g[0] + w * g[1], g[3], g[1], -g[5])')
layer=$(ogrinfo -q "$parcels" | sed -n '1s/^1: \([^ ]*\).*/\1/p')
gdal_rasterize -q -sql "SELECT fid + 0 AS zone, geom FROM \"$layer\"" -a zone -ot Int32 \
  -a_nodata 0 -init 0 -tr "$5" "$6" -te "$1" "$2" "$3" "$4" -co TILED=YES "$parcels" "$tmp/zones.tif"
grass --tmp-location "$dist" --exec sh -c "r.in.gdal -o input='$dist' output=dist --quiet &&
  r.in.gdal -o input='$tmp/zones.tif' output=zones --quiet &&
  r.univar -t map=dist zones=zones separator=comma output='$tmp/univar.csv' --quiet" \
  > "$tmp/grass.log" 2>&1 || { cat "$tmp/grass.log" >&2; exit 1; }
/usr/bin/python3 - "$tmp/univar.csv" "$parcels" "$layer" "$out" <<'PY'
import csv, sys
from osgeo import ogr
univar, parcels, layer, out = sys.argv[1:]
rows = {int(r["zone"]): r for r in csv.DictReader(open(univar))}
ds = ogr.Open(parcels)
lyr = ds.GetLayerByName(layer)
with open(out, "w") as f:
    f.write("fid,count,sum,mean,min,max\n")
    for feat in lyr:
        r = rows.get(feat.GetFID())
        if r is None or int(r["non_null_cells"]) == 0:
            f.write("%d,0,,,,\n" % feat.GetFID())
        else:
            f.write("%d,%s,%s,%s,%s,%s\n" % (feat.GetFID(), r["non_null_cells"], r["sum"],
                                             r["mean"], r["min"], r["max"]))
PY
