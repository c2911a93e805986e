#!/usr/bin/env bash
# HTML reports of the example runs: well-formed (a strict XML parser reads
# them), self-contained (no URL, no src or href to fetch), containing the
# top sites (checked against the GeoPackage) and, for rank, the plan table.
# Usage: run_report.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --quiet site "$src/examples/ninh-binh/site.yaml" -o "$tmp/site.gpkg" 2>/dev/null
"$bin" --quiet rank "$src/examples/ninh-binh/rank.yaml" -o "$tmp/rank.gpkg" --csv "$tmp/rank.csv"
"$bin" --quiet report "$tmp/site.gpkg"
"$bin" --quiet report "$tmp/rank.gpkg" --lang en -o "$tmp/rank-en.html"
"$bin" --quiet report "$tmp/rank.gpkg" -o "$tmp/rank-vi.html"
/usr/bin/python3 - "$tmp" <<'PY'
import re, sys
import xml.etree.ElementTree as ET
from osgeo import ogr
tmp = sys.argv[1]
problems = []
for html, gpkg, layer, key in (("site.html", "site.gpkg", "parcels", "parcel_id"),
                               ("rank-en.html", "rank.gpkg", "landfills", "site_id")):
    s = open("%s/%s" % (tmp, html), encoding="utf-8").read()
    try:
        root = ET.fromstring(s.split("\n", 1)[1])   # strict: after the doctype
    except ET.ParseError as e:
        problems.append("%s: not well-formed: %s" % (html, e))
        continue
    if re.search(r"https?:|//|\bsrc=|\bhref=", s):
        problems.append("%s: refers to something outside the file" % html)
    ds = ogr.Open("%s/%s" % (tmp, gpkg))
    top = [f.GetField(key) for f in ds.ExecuteSQL("SELECT %s FROM %s WHERE rank <= 3 ORDER BY rank" % (key, layer))]
    text = "".join(root.itertext())
    for t in top:
        if t not in text:
            problems.append("%s: top site %s missing" % (html, t))
    if "Ninh Bình" not in text:
        problems.append("%s: the title lost its diacritics" % html)
    if not root.findall(".//svg"):
        problems.append("%s: no inline chart" % html)
    if html.startswith("rank"):
        years = [f.GetField("year") for f in ds.GetLayerByName("plan_by_year")]
        if not all(str(y) in text for y in years) or "Remediation plan by year" not in text:
            problems.append("%s: the plan table is missing" % html)
# Rank: every table fits A4 portrait (at most 10 columns); the top
# priorities carry each site's name and commune; each year lists the sites
# it schedules and, for every site the plan passed over in favour of a
# lower-ranked one (plan_skips), its rank and the reason.
ds = ogr.Open("%s/rank.gpkg" % tmp)
top = [(f.GetField("name"), f.GetField("commune")) for f in
       ds.ExecuteSQL("SELECT name, commune FROM landfills WHERE rank <= 10 ORDER BY rank")]
skips = [(f.GetField("year"), f.GetField("rank")) for f in ds.GetLayerByName("plan_skips")]
if not skips:
    problems.append("rank.gpkg: the example plan passes over no site; the check needs one")
for html, why in (("rank-en.html", "cost more than"), ("rank-vi.html", "chi phí vượt")):
    root = ET.fromstring(open("%s/%s" % (tmp, html), encoding="utf-8").read().split("\n", 1)[1])
    for t in root.iter("table"):
        heads = [th for th in t.iter("th")]
        if t.find("thead") is not None and len(heads) > 10:
            problems.append("%s: a table of %d columns does not fit A4" % (html, len(heads)))
    text = " ".join(root.itertext())
    for name, commune in top:
        if name not in text or commune not in text:
            problems.append("%s: top site %s (%s) without its name or commune" % (html, name, commune))
    rows = {}
    for tr in root.iter("tr"):
        cells = ["".join(td.itertext()) for td in tr.iter("td")]
        if cells and why in cells[-1]:
            rows.setdefault(cells[0], 0)
            rows[cells[0]] += 1
    shown = {str(r) for y, r in skips}
    listed = set(rows)
    if not listed or not listed <= shown:
        problems.append("%s: passed-over sites %s not those of plan_skips" % (html, sorted(listed - shown)))
for p in problems:
    print("FAIL", p)
print("reports: %d problems" % len(problems))
sys.exit(1 if problems else 0)
PY
