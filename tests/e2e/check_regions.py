#!/usr/bin/python3
"""Candidate regions of a site output, checked with GDAL's Python bindings:
every region's polygon area (OGR) equals its cell count x cell area
(tolerance 1e-6 ha); its area reaches the required area recorded in
run_info; dist_road_m equals the OGR/GEOS distance to the nearest road of
the input (0.01 m); ranks follow mean_score.
Usage: check_regions.py EXAMPLE_DIR OUT.gpkg"""
import os
import sys

from osgeo import gdal, ogr, osr

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
problems, rows = [], []
for f in ds.GetLayerByName("candidate_regions"):
    g = f.GetGeometryRef()
    rid, area, cells = f.GetField("region_id"), f.GetField("area_ha"), f.GetField("cells")
    rows.append((f.GetField("rank"), f.GetField("mean_score")))
    if abs(g.GetArea() / 1e4 - area) > 1e-6 or abs(cells * res * res / 1e4 - area) > 1e-9:
        problems.append("region %d: polygon %.6f ha, field %.6f ha, %d cells" % (rid, g.GetArea() / 1e4, area, cells))
    if area < required - 1e-9:
        problems.append("region %d: %.2f ha < required %.2f ha" % (rid, area, required))
    want = min(g.Distance(h) for h in roads)
    if abs(want - f.GetField("dist_road_m")) > 0.01:
        problems.append("region %d: dist_road_m %.3f, OGR/GEOS %.3f" % (rid, f.GetField("dist_road_m"), want))
rows.sort()
if [r for r, _ in rows] != list(range(1, len(rows) + 1)) or any(rows[i][1] < rows[i + 1][1] for i in range(len(rows) - 1)):
    problems.append("ranks do not follow mean_score: %s" % rows[:5])
for p in problems:
    print("FAIL", p)
print("%d candidate regions checked (area, required size, road distance, rank): %d problems" % (len(rows), len(problems)))
sys.exit(1 if problems else 0)
