#!/usr/bin/env bash
# Map sheets of the example runs: PNG of the requested pixel size (A4 and A3
# at 300 dpi) and not blank; PDF of the expected page size whose text layer
# holds the title with its Vietnamese diacritics (pdftotext) and whose fonts
# are all embedded (pdffonts). Usage: run_maps.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --quiet site "$src/examples/ninh-binh/site.yaml" -o "$tmp/site.gpkg" 2>/dev/null
"$bin" --quiet rank "$src/examples/ninh-binh/rank.yaml" -o "$tmp/rank.gpkg" --csv "$tmp/rank.csv"
"$bin" --quiet map "$tmp/site.gpkg" 2>/dev/null
"$bin" --quiet map "$tmp/rank.gpkg" --lang en -o "$tmp/rank-en" 2>/dev/null
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
for s in A4:3508:2480:595 A3:4961:3508:841; do
  IFS=: read -r name w h short <<<"$s"
  png="$tmp/site-$name.png" pdf="$tmp/site-$name.pdf"
  check "$name png size ${w}x${h}" "/usr/bin/python3 -c \"from osgeo import gdal; d=gdal.Open('$png'); assert (d.RasterXSize, d.RasterYSize) == ($w, $h)\""
  check "$name png not blank" "/usr/bin/python3 -c \"
from osgeo import gdal
d = gdal.Open('$png')
b = [d.GetRasterBand(i + 1).ReadAsArray(0, 0, d.RasterXSize, d.RasterYSize, d.RasterXSize // 8, d.RasterYSize // 8) for i in range(3)]
assert len(set(zip(*(x.ravel().tolist() for x in b)))) > 50\""
  check "$name pdf page size" "pdfinfo '$pdf' | grep -Eq 'Page size: +[0-9.]+ x $short\\.[0-9]+ pts'"
  check "$name pdf title with diacritics" "pdftotext '$pdf' - | grep -q 'Ninh Bình sanitary-landfill siting'"
  check "$name pdf Vietnamese subtitle" "pdftotext '$pdf' - | grep -q 'Mức độ phù hợp xây dựng khu xử lý chất thải rắn'"
  # The notes (CRS, every source with its licence, run date) end with the
  # version: their last words must be on the page, not run off its edge.
  check "$name pdf notes end on the page" "pdftotext '$pdf' - | tr '\\n' ' ' | grep -q 'gistool [0-9][0-9.]*\\.'"
  check "$name pdf fonts embedded" "[ \$(pdffonts '$pdf' | tail -n +3 | awk '{print \$(NF-4)}' | grep -vc yes) -eq 0 ] && [ \$(pdffonts '$pdf' | tail -n +3 | wc -l) -gt 0 ]"
done
# Asked for by the scenario: sheets, report and a Cloud Optimized GeoTIFF.
"$bin" --quiet site "$src/examples/ninh-binh/site.yaml" -o "$tmp/auto.gpkg" --set outputs.maps=true \
  --set outputs.report=true --set outputs.lang=en --set "outputs.cog=$tmp/auto.tif" 2>/dev/null
check "scenario asks for sheets" "[ -s '$tmp/auto-A4.pdf' ] && [ -s '$tmp/auto-A3.png' ] && pdftotext '$tmp/auto-A4.pdf' - | grep -q 'Suitability for a household-waste'"
check "scenario asks for the report" "[ -s '$tmp/auto.html' ]"
check "Cloud Optimized GeoTIFF" "/usr/bin/python3 -m osgeo_utils.samples.validate_cloud_optimized_geotiff -q '$tmp/auto.tif'"
check "rank sheet in English" "pdftotext '$tmp/rank-en-A4.pdf' - | grep -q 'Remediation priority of unsanitary landfills'"
check "rank legend" "pdftotext '$tmp/rank-en-A4.pdf' - | grep -q 'High risk'"
check "rank notes end on the page" "pdftotext '$tmp/rank-en-A4.pdf' - | tr '\\n' ' ' | grep -q 'gistool [0-9][0-9.]*\\.'"
check "no temporary file left" "! ls -A '$tmp' | grep -q '\.tmp-'"
# A sheet that cannot be moved into place (a folder stands at its path) fails
# with an error, leaves that path as it was and no temporary file behind.
mkdir "$tmp/blocked-A4.pdf"
check "sheet that cannot be written fails cleanly" "! '$bin' --quiet map '$tmp/site.gpkg' -o '$tmp/blocked' 2>'$tmp/blocked.err' && grep -q 'blocked-A4.pdf' '$tmp/blocked.err' && [ -d '$tmp/blocked-A4.pdf' ] && ! ls -A '$tmp' | grep -q '\.tmp-'"
[ "$fail" -eq 0 ] && echo "map sheets: all checks passed"
exit $fail
