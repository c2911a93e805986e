#!/usr/bin/env bash
# End to end: `gistool rank` on the example province; canonical dump
# compared with tolerances; populations, distances and the plan checked
# independently (check_rank.py); --as-of reports against the targets; the
# GeoPackage passes GDAL's validator.
# Usage: run_rank.sh GISTOOL SOURCE_DIR [--update]
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --quiet rank "$src/examples/ninh-binh/rank.yaml" -o "$tmp/rank.gpkg" --csv "$tmp/rank.csv"
/usr/bin/python3 "$src/tests/e2e/gpkg_dump.py" "$tmp/rank.gpkg" > "$tmp/dump.txt"
exp="$src/tests/e2e/expected/ninh-binh-rank.txt"
if [ "${3:-}" = "--update" ]; then
  /usr/bin/python3 "$src/tests/e2e/compare_dump.py" --update "$exp" "$tmp/dump.txt"
  exit 0
fi
/usr/bin/python3 "$src/tests/e2e/compare_dump.py" "$exp" "$tmp/dump.txt"
/usr/bin/python3 -m osgeo_utils.samples.validate_gpkg "$tmp/rank.gpkg" && echo "GeoPackage validation: ok"
budget=$(sed -n 's/^ *annual_budget: *\([0-9.e]*\).*/\1/p' "$src/examples/ninh-binh/rank.yaml")
/usr/bin/python3 "$src/tests/e2e/check_rank.py" "$src/examples/ninh-binh" "$tmp/rank.gpkg" "$tmp/rank.csv" "$budget"
# Progress tracking: as of 2027 the plan starts in 2028 and says so; the
# --set override (the scenario's own budget) is recorded in run_info.
"$bin" --quiet rank "$src/examples/ninh-binh/rank.yaml" --as-of 2027 -o "$tmp/r27.gpkg" --csv "$tmp/r27.csv" \
  --set "plan.annual_budget=$budget"
/usr/bin/python3 - "$tmp/r27.gpkg" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
info = {f.GetField("key"): f.GetField("value") for f in ds.GetLayerByName("run_info")}
years = [f.GetField("year") for f in ds.GetLayerByName("plan_by_year")]
assert info["as_of"] == "2027" and years == [2028, 2029, 2030], (info["as_of"], years)
assert info["scenario_overrides"].startswith("plan.annual_budget="), info["scenario_overrides"]
assert "target.unsanitary" in info and "target.dumps" in info
print("as-of 2027: plan 2028-2030; " + info["target.unsanitary"])
PY
