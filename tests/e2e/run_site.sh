#!/usr/bin/env bash
# End to end: `gistool site` on the example province; the output dumped to
# canonical text and compared with tolerances; constraint distances checked
# against OGR/GEOS; the file passes GDAL's GeoPackage validator
# (osgeo_utils validate_gpkg, from python3-gdal).
# Usage: run_site.sh GISTOOL SOURCE_DIR [--update]
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --quiet site "$src/examples/ninh-binh/site.yaml" -o "$tmp/site.gpkg"
/usr/bin/python3 "$src/tests/e2e/gpkg_dump.py" "$tmp/site.gpkg" > "$tmp/dump.txt"
if [ "${3:-}" = "--update" ]; then
  /usr/bin/python3 "$src/tests/e2e/compare_dump.py" --update "$src/tests/e2e/expected/ninh-binh-site.txt" "$tmp/dump.txt"
  exit 0
fi
/usr/bin/python3 "$src/tests/e2e/compare_dump.py" "$src/tests/e2e/expected/ninh-binh-site.txt" "$tmp/dump.txt"
/usr/bin/python3 -m osgeo_utils.samples.validate_gpkg "$tmp/site.gpkg" && echo "GeoPackage validation: ok"
/usr/bin/python3 "$src/tests/e2e/check_distances.py" "$src/examples/ninh-binh" "$tmp/site.gpkg"
/usr/bin/python3 "$src/tests/e2e/check_regions.py" "$src/examples/ninh-binh" "$tmp/site.gpkg"
