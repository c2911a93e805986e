#!/usr/bin/python3
"""The ranking does not depend on the working CRS: the example province run
in UTM 48N (EPSG:32648, the scenario's) and in its VN-2000 zone (`crs:
VN-2000 Ninh Bình`, EPSG:5897) must give the same top 10 parcels in the same
order, with the same area_ha (tolerance 1e-5 ha = 0.1 m²: both are
geodesic areas of the same ground). Every parcel's area_ha is also checked
against pyproj (Transformer to EPSG:4326, Geod("WGS84").polygon_area_perimeter;
relative tolerance 1e-7). Prints how much the grid's sampling still moves the
scores (docs/site.md, "What depends on the CRS").
Usage: check_crs_ranking.py GISTOOL SOURCE_DIR"""
import os
import subprocess
import sys
import tempfile

from osgeo import ogr
from pyproj import Geod, Transformer

gistool, src = sys.argv[1], sys.argv[2]
scenario = os.path.join(src, "examples/ninh-binh/site.yaml")
TOP, AREA_TOL_HA, PYPROJ_REL = 10, 1e-5, 1e-7
geod = Geod(ellps="WGS84")


def ring_area(t, ring):
    pts = ring.GetPoints()
    lon, lat = t.transform([p[0] for p in pts], [p[1] for p in pts])
    a, _ = geod.polygon_area_perimeter(lon, lat)
    return abs(a)


def geodesic_ha(t, g):
    if g.GetGeometryType() in (ogr.wkbPolygon, ogr.wkbPolygon25D):
        polys = [g]
    else:
        polys = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    total = 0.0
    for p in polys:
        if p.GetGeometryCount() == 0:
            continue
        total += ring_area(t, p.GetGeometryRef(0))
        total -= sum(ring_area(t, p.GetGeometryRef(i)) for i in range(1, p.GetGeometryCount()))
    return total / 1e4


def run(tmp, crs):
    out = os.path.join(tmp, "%s.gpkg" % crs.split()[0].replace(":", ""))
    cmd = [gistool, "--quiet", "site", scenario, "-o", out, "--set", "crs=%s" % crs]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    ds = ogr.Open(out)
    epsg = ds.GetLayerByName("parcels").GetSpatialRef().GetAuthorityCode(None)
    t = Transformer.from_crs(int(epsg), 4326, always_xy=True)
    rows, problems = {}, []
    for f in ds.GetLayerByName("parcels"):
        pid = f.GetField("parcel_id")
        rows[pid] = (f.GetField("rank"), f.GetField("area_ha"), f.GetField("score"))
        want = geodesic_ha(t, f.GetGeometryRef())
        if abs(want - f.GetField("area_ha")) > PYPROJ_REL * want:
            problems.append("%s %s: area_ha %.9f, pyproj %.9f" % (crs, pid, f.GetField("area_ha"), want))
    return epsg, rows, problems


with tempfile.TemporaryDirectory() as tmp:
    epsg_a, a, problems = run(tmp, "EPSG:32648")
    epsg_b, b, more = run(tmp, "VN-2000 Ninh Bình")
problems += more
if (epsg_a, epsg_b) != ("32648", "5897"):
    problems.append("working CRSs %s and %s, expected 32648 and 5897" % (epsg_a, epsg_b))
top_a = [p for _, p in sorted((v[0], p) for p, v in a.items() if v[0] and v[0] <= TOP)]
top_b = [p for _, p in sorted((v[0], p) for p, v in b.items() if v[0] and v[0] <= TOP)]
print("top %d, EPSG:32648: %s" % (TOP, " ".join(top_a)))
print("top %d, EPSG:5897:  %s" % (TOP, " ".join(top_b)))
if top_a != top_b or len(top_a) != TOP:
    problems.append("the top %d differ" % TOP)
darea = max(abs(a[p][1] - b[p][1]) for p in a)
print("largest area_ha difference over %d parcels: %.2e ha (tolerance %g)" % (len(a), darea, AREA_TOL_HA))
if darea > AREA_TOL_HA:
    problems.append("area_ha differs by %.2e ha" % darea)
both = [p for p in a if a[p][0] and b[p][0]]
ds = sorted(abs(a[p][2] - b[p][2]) for p in both)
moved = sum(1 for p in both if a[p][0] != b[p][0])
print("score differences from the grid over %d ranked parcels: median %.4f, max %.4f; "
      "%d parcels ranked differently" % (len(both), ds[len(ds) // 2], ds[-1], moved))
for p in problems:
    print("FAIL", p)
sys.exit(1 if problems else 0)
