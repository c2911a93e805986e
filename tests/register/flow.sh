# flow.sh: one register's life, the same on a GeoPackage and on PostgreSQL:
# init, import (the Ninh Bình synthetic inventory, other facilities from a
# Vietnamese CSV, history, indicators, targets), updates, exports.
# register_flow GISTOOL SOURCE_DIR REGISTER OUTDIR  (returns non-zero on the
# first failing step; OUTDIR gets the exports and the printed history)
# SPDX-License-Identifier: MIT

register_flow() {
  local bin=$1 src=$2 reg=$3 out=$4 d=$2/tests/register/data
  mkdir -p "$out"
  "$bin" -q register init "$reg" --province "Ninh Bình" >/dev/null &&
    "$bin" -q register import "$reg" facilities \
      "$src/examples/ninh-binh/data/synthetic/synthetic_landfills.gpkg" --status-date 2024-12-31 >/dev/null &&
    "$bin" -q register import "$reg" facilities "$d/facilities_vi.csv" --status-date 2025-01-01 >/dev/null &&
    "$bin" -q register import "$reg" history "$d/history.csv" >/dev/null &&
    "$bin" -q register import "$reg" indicators "$d/indicators.csv" >/dev/null &&
    "$bin" -q register import "$reg" targets "$d/targets.csv" >/dev/null &&
    "$bin" -q register update "$reg" NB-UL-006 --status closed --date 2025-09-30 --source "QĐ 20/QĐ-UBND" >/dev/null &&
    "$bin" -q register update "$reg" NB-UL-006 --status remediated --date 2026-10-01 --source "Biên bản 7" >/dev/null &&
    "$bin" -q register update "$reg" NB-UL-006 --status operating --date 2027-02-01 --source "QĐ 31" --note "mở lại tạm thời" >/dev/null &&
    "$bin" -q register export "$reg" --inventory "$out/inventory-2025.csv" --as-of 2025 >/dev/null &&
    "$bin" -q register export "$reg" --inventory "$out/inventory.csv" >/dev/null &&
    "$bin" -q register export "$reg" --inventory "$out/inventory-2025.gpkg" --as-of 2025 >/dev/null &&
    "$bin" -q register export "$reg" --snapshot "$out/snapshot.gpkg" >/dev/null &&
    "$bin" -q register history "$reg" NB-UL-006 | sed 's/  \[recorded .*\]$//' >"$out/history-NB-UL-006.txt" &&
    "$bin" -q register history "$reg" NB-UL-002 | sed 's/  \[recorded .*\]$//' >"$out/history-NB-UL-002.txt"
}
