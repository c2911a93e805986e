#!/usr/bin/python3
"""Candidate regions of a site output, checked with GDAL's Python bindings
and pyproj: regions do not overlap; every region's area_ha equals the geodesic area of its polygon
(pyproj Geod WGS84, relative tolerance 1e-7) and its cells x cell area
within the Transverse Mercator scale factor (1e-3); its area reaches the
required area recorded in run_info and, grown regions, exceeds it by less
than one cell; dist_road_m equals the OGR/GEOS distance to the nearest road
of the input (0.01 m); ranks follow mean_score rounded to the tie precision
(0.01, the default).
Usage: check_regions.py EXAMPLE_DIR OUT.gpkg"""
import os
import sys

from osgeo import gdal, ogr, osr
from pyproj import Geod, Transformer

gdal.UseExceptions()
d, out = sys.argv[1], sys.argv[2]
ds = ogr.Open(out)
info = {f.GetField("key"): f.GetField("value") for f in ds.GetLayerByName("run_info")}
required = float(info["demand.required_ha"])
res = float(info["resolution_m"])
utm = osr.SpatialReference()
utm.ImportFromEPSG(32648)
utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
rds = ogr.Open(os.path.join(d, "data/real/ninhbinh2025_national_roads.gpkg"))
rl = rds.GetLayer(0)
rl.SetAttributeFilter("loai_duong <> 'Đường sắt'")
src = rl.GetSpatialRef()
src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ct = osr.CoordinateTransformation(src, utm)
roads = []
for f in rl:
    g = f.GetGeometryRef().Clone()
    g.Transform(ct)
    roads.append(g)
geod = Geod(ellps="WGS84")
to_ll = Transformer.from_crs(32648, 4326, always_xy=True)


def geodesic_ha(g):
    polys = [g] if g.GetGeometryType() == ogr.wkbPolygon else [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    total = 0.0
    for p in polys:
        for i in range(p.GetGeometryCount()):
            pts = p.GetGeometryRef(i).GetPoints()
            lon, lat = to_ll.transform([q[0] for q in pts], [q[1] for q in pts])
            a = abs(geod.polygon_area_perimeter(lon, lat)[0])
            total += a if i == 0 else -a
    return total / 1e4


cell_ha = res * res / 1e4
problems, rows, polys = [], [], []
for f in ds.GetLayerByName("candidate_regions"):
    g = f.GetGeometryRef()
    rid, area, cells = f.GetField("region_id"), f.GetField("area_ha"), f.GetField("cells")
    rows.append((f.GetField("rank"), f.GetField("mean_score")))
    polys.append((rid, f.GetGeometryRef().Clone()))
    want_ha = geodesic_ha(g)
    if abs(want_ha - area) > 1e-7 * want_ha or abs(cells * cell_ha / area - 1) > 1e-3:
        problems.append("region %d: pyproj %.6f ha, field %.6f ha, %d cells" % (rid, want_ha, area, cells))
    if area < required * (1 - 1e-5):
        problems.append("region %d: %.4f ha < required %.4f ha" % (rid, area, required))
    if area > required + 1.001 * cell_ha:
        problems.append("region %d: %.4f ha, more than one cell over %.4f ha" % (rid, area, required))
    want = min(g.Distance(h) for h in roads)
    if abs(want - f.GetField("dist_road_m")) > 0.01:
        problems.append("region %d: dist_road_m %.3f, OGR/GEOS %.3f" % (rid, f.GetField("dist_road_m"), want))
# Every cell is taken once: no two regions overlap (they may touch).
for i in range(len(polys)):
    for j in range(i + 1, len(polys)):
        a, b = polys[i][1], polys[j][1]
        if a.Intersects(b) and not a.Touches(b):
            problems.append("regions %d and %d overlap" % (polys[i][0], polys[j][0]))
rows.sort()
q = [int(m / 0.01 + 0.5) for _, m in rows]
if [r for r, _ in rows] != list(range(1, len(rows) + 1)) or any(q[i] < q[i + 1] for i in range(len(q) - 1)):
    problems.append("ranks do not follow mean_score: %s" % rows[:5])
for p in problems:
    print("FAIL", p)
print("%d candidate regions checked (geodesic area, required size, road distance, rank): %d problems" % (len(rows), len(problems)))
sys.exit(1 if problems else 0)
