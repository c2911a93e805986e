#!/usr/bin/env bash
# gistool init end to end on a seed province from the national data: init,
# then site, rank, map and report on the folder it wrote. Checks that every
# output exists and opens with OGR, that the layers are in the province's
# VN-2000 zone, that the scenarios say what is missing (no DEM, no slope
# factor), and that the map sheets and reports name no data source the run
# did not use. A coarse grid keeps it to a few seconds.
# Usage: run_init.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

# Lai Châu (GSO 12, VN-2000 TM-3 103°00', EPSG:9205), named without diacritics.
"$bin" --quiet init "lai chau" lc --parcel-size 2000 --resolution 250 --national "$src/data/vn/national"
check "init wrote the folder" "[ -s lc/site.yaml ] && [ -s lc/rank.yaml ] && [ -s lc/README.md ]"
check "no temporary folder left" "! ls -A . | grep -q 'tmp-'"
check "site.yaml uses the VN-2000 preset" "grep -q '^crs: VN-2000 Lai Châu' lc/site.yaml"
check "site.yaml says there is no DEM" "grep -q 'NO DEM' lc/site.yaml && ! grep -Eq '^ +(dem|slope):' lc/site.yaml"
check "rank.yaml says the inventory is synthetic" "grep -q 'SYNTHETIC' lc/rank.yaml"
check "README has the SHA-256 of the census" "grep -q \"\$(sha256sum '$src/data/vn/national/vn_census2009_admin_pop.gpkg' | cut -c1-64)\" lc/README.md"
# A second init into the same folder is refused, and the folder is untouched.
before=$(cat lc/*.yaml lc/data/* | sha256sum)
check "existing folder refused without --force" "! '$bin' --quiet init 12 lc 2>err.txt && grep -q 'exists and is not empty; give --force' err.txt"
check "refused init left the folder as it was" "[ \"\$(cat lc/*.yaml lc/data/* | sha256sum)\" = '$before' ]"

# The user's own parcels and inventory (here: the first folder's, read again
# into UTM 48N) are copied in, and both scenarios pass `gistool check`.
"$bin" --quiet init 12 own --crs utm --parcels lc/data/parcels.gpkg --inventory lc/data/landfills.gpkg
check "--parcels copied into the working CRS" "/usr/bin/python3 -c \"
from osgeo import ogr
a, b = ogr.Open('own/data/parcels.gpkg'), ogr.Open('lc/data/parcels.gpkg')
la, lb = a.GetLayer(0), b.GetLayer(0)
assert la.GetFeatureCount() == lb.GetFeatureCount() and la.GetSpatialRef().GetAuthorityCode(None) == '32648'\""
check "--inventory copied unchanged" "cmp -s own/data/landfills.gpkg lc/data/landfills.gpkg"
check "user's folder passes check" "'$bin' --quiet check own/site.yaml >/dev/null 2>&1 && '$bin' --quiet check own/rank.yaml >/dev/null 2>&1"
check "user's layers labelled as such" "grep -q \"label: \\\"user's: cadastral parcels\" own/site.yaml && grep -q \"label: \\\"user's: landfill inventory\" own/rank.yaml"

"$bin" --quiet site lc/site.yaml --set outputs.maps=false --set outputs.report=false 2>/dev/null
"$bin" --quiet rank lc/rank.yaml --set outputs.maps=false --set outputs.report=false 2>/dev/null
"$bin" --quiet map out/lai-chau-site.gpkg --dpi 72 2>/dev/null
"$bin" --quiet map out/lai-chau-rank.gpkg --dpi 72 --lang en 2>/dev/null
"$bin" --quiet report out/lai-chau-site.gpkg 2>/dev/null
"$bin" --quiet report out/lai-chau-rank.gpkg --lang en 2>/dev/null
for f in out/lai-chau-site.gpkg out/lai-chau-rank.gpkg out/lai-chau-rank.csv out/lai-chau-site-A4.pdf \
         out/lai-chau-rank-A3.pdf out/lai-chau-site.html out/lai-chau-rank.html; do
  check "$f written" "[ -s '$f' ]"
done

# The national data has no DEM, rivers, wells or flood zones: every rule and
# receptor that needed one is a row of data_gaps (docs/scenario.md), the
# rank runs name the worst case per site, and the report and map say so.
check "site's data_gaps: the rules without their layer, nothing else" "/usr/bin/python3 - <<'PY'
from osgeo import ogr
ds = ogr.Open('out/lai-chau-site.gpkg')
rows = [(f['item_type'], f['layer'], f['gap'], f['consequence']) for f in ds.GetLayerByName('data_gaps')]
layers = {r[1] for r in rows}
assert {'wells', 'flood_zone', 'water_supply'} <= layers, rows
assert all(r[0] == 'rule' and r[2] == 'not_in_scenario' and r[3] == 'rule_not_applied' for r in rows), rows
info = {f['key']: f['value'] for f in ds.GetLayerByName('run_info')}
assert info['data_gaps'].startswith('%d:' % len(rows)), info['data_gaps']
PY"
check "rank's data_gaps: wells and flood zones assumed at worst, per site" "/usr/bin/python3 - <<'PY'
from osgeo import ogr
ds = ogr.Open('out/lai-chau-rank.gpkg')
gaps = {f['layer']: f['consequence'] for f in ds.GetLayerByName('data_gaps')}
assert gaps.get('wells') == 'worst_case' and gaps.get('flood_zone') == 'worst_case', gaps
sites = [f['worst_case'] or '' for f in ds.GetLayerByName('landfills')]
assert sites and all('wells' in w for w in sites), sites[:3]
PY"
check "the report and the map name the gaps" "grep -q 'Dữ liệu còn thiếu' out/lai-chau-site.html && pdftotext out/lai-chau-rank-A3.pdf - | tr '\\n' ' ' | grep -q 'Missing data'"

# Every layer, of init's folder and of the runs, opens with OGR in EPSG:9205.
check "layers open with OGR, in the VN-2000 zone of Lai Châu" "/usr/bin/python3 - <<'PY'
from osgeo import ogr
files = {'lc/data/province.gpkg': 'province', 'lc/data/communes.gpkg': 'communes',
         'lc/data/landuse.gpkg': 'landuse', 'lc/data/roads.gpkg': 'roads',
         'lc/data/parcels.gpkg': 'parcels', 'lc/data/landfills.gpkg': 'landfills',
         'out/lai-chau-site.gpkg': 'parcels', 'out/lai-chau-rank.gpkg': 'landfills'}
for path, name in files.items():
    ds = ogr.Open(path)
    assert ds is not None, path
    lyr = ds.GetLayerByName(name)
    assert lyr is not None and lyr.GetFeatureCount() > 0, (path, name)
    srs = lyr.GetSpatialRef()
    assert srs.GetAuthorityName(None) == 'EPSG' and srs.GetAuthorityCode(None) == '9205', (path, srs.GetName())
ds = ogr.Open('lc/data/communes.gpkg')
pop = sum(f.GetField('population') for f in ds.GetLayer(0))
assert abs(pop - 303467) < 1, pop   # the 2009 census sum of Lai Châu's communes
run, grid = ogr.Open('out/lai-chau-site.gpkg'), ogr.Open('lc/data/parcels.gpkg')  # keep: own the layers
assert run.GetLayerByName('parcels').GetFeatureCount() == grid.GetLayer(0).GetFeatureCount()
PY"

# The outline against OGR: the union of the census communes of Lai Châu in
# EPSG:9205 with every interior ring dropped (no enclave in Lai Châu) has the
# area init wrote, within 0.01 %, and so does the layer's area_ha field.
check "outline = OGR union of the communes, holes filled" "/usr/bin/python3 - '$src' <<'PY'
import sys
from osgeo import ogr, osr
src = sys.argv[1]
nat = ogr.Open(src + '/data/vn/national/vn_census2009_admin_pop.gpkg')  # keep: owns the layer
lyr = nat.GetLayerByName('communes_2009')
lyr.SetAttributeFilter(\"province = 'Lai Chau'\")
wgs, tm3 = osr.SpatialReference(), osr.SpatialReference()
wgs.ImportFromEPSG(4326); tm3.ImportFromEPSG(9205)
for s in (wgs, tm3):
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(wgs, tm3)
coll = ogr.Geometry(ogr.wkbMultiPolygon)
for f in lyr:
    g = f.GetGeometryRef().Clone()
    g.Transform(ct)
    g = g.MakeValid() if not g.IsValid() else g
    for k in range(g.GetGeometryCount()) if g.GetGeometryType() != ogr.wkbPolygon else [None]:
        coll.AddGeometry(g if k is None else g.GetGeometryRef(k))
u = coll.UnionCascaded()
def shell_area(poly):  # the polygon with its holes filled
    filled = ogr.Geometry(ogr.wkbPolygon)
    filled.AddGeometry(poly.GetGeometryRef(0))
    return filled.GetArea()
parts = [u.GetGeometryRef(i) for i in range(u.GetGeometryCount())] \
    if u.GetGeometryType() == ogr.wkbMultiPolygon else [u]
area = sum(shell_area(p) for p in parts)
prov = ogr.Open('lc/data/province.gpkg')  # keep: owns the layer
f = prov.GetLayer(0).GetNextFeature()
got = f.GetGeometryRef().GetArea()
assert abs(got - area) / area < 1e-4, (got, area)
assert abs(f.GetField('area_ha') * 1e4 - area) / area < 1e-4, (f.GetField('area_ha'), area)
print('outline %.1f ha, OGR %.1f ha' % (got / 1e4, area / 1e4), file=sys.stderr)
PY"

# The sheets and reports name only the sources the run read.
check "maps and reports name no foreign source" "/usr/bin/python3 - <<'PY'
import glob, html, re, subprocess
text = ''
for pdf in glob.glob('out/*.pdf'):
    text += subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True, check=True).stdout
for h in glob.glob('out/*.html'):
    text += html.unescape(re.sub('<[^>]+>', ' ', open(h, encoding='utf-8').read()))
text = re.sub(r'\s+', ' ', text)
foreign = ['dvhcvn', 'gis.chinhphu', 'GSHHG', 'WDB', 'OpenStreetMap', 'OSM', 'Geofabrik', 'SRTM',
           'Copernicus', 'WorldCover', 'Ninh Bình', 'ninhbinh', 'generate.py']
found = [w for w in foreign if w in text]
assert not found, found
assert 'censusVN2009' in text and 'LegoCity' in text, 'the sources used are not named'
PY"
[ "$fail" -eq 0 ] && echo "init: all checks passed"
exit $fail
