#!/usr/bin/env bash
# The multithreaded paths of `gistool site` (rasterization by bands, zonal
# statistics shared by zone, parcels checked on worker threads) give the
# same output for any number of threads: the example run with 1 and with 3
# threads, dumped to canonical text, must be identical line for line (the
# dump drops only the run's clock and paths). Exact distances of the
# threaded run are re-checked against OGR/GEOS by run_site.sh.
# Usage: run_threads.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in 1 3; do
  "$bin" --quiet site "$src/examples/ninh-binh/site.yaml" --threads "$t" -o "$tmp/site-$t.gpkg"
  /usr/bin/python3 "$src/tests/e2e/gpkg_dump.py" "$tmp/site-$t.gpkg" > "$tmp/dump-$t.txt"
done
diff "$tmp/dump-1.txt" "$tmp/dump-3.txt"
echo "1 and 3 threads: identical"
