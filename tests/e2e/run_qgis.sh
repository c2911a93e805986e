#!/usr/bin/env bash
# Real client: gistool writes the example outputs; QGIS (python3-qgis,
# headless) opens, styles and renders them (check_qgis.py).
# Usage: run_qgis.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --quiet site "$src/examples/ninh-binh/site.yaml" -o "$tmp/site.gpkg" 2>/dev/null
"$bin" --quiet rank "$src/examples/ninh-binh/rank.yaml" -o "$tmp/rank.gpkg" --csv "$tmp/rank.csv"
/usr/bin/python3 "$src/tests/e2e/check_qgis.py" "$tmp/site.gpkg" "$tmp/rank.gpkg" "$tmp/qgis.png"
