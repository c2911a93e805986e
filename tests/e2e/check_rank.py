#!/usr/bin/python3
"""Independent checks of a `gistool rank` output, with GDAL's Python
bindings (their own reprojection, buffers and intersections):
  - population within 500 m / 1 km / 2 km for every site, recomputed by
    areal weighting of the census communes with OGR/GEOS (buffers of 16
    segments per quarter circle, as gistool's); tolerance 0.01 % + 0.01;
  - dist_water_m and dist_well_m against OGR/GEOS distances (0.01 m);
  - the plan: each year's indicators in plan_by_year recomputed from the
    landfills layer (type, plan_year), yearly cost within the budget;
  - the CSV has every site, ranks 1..n in order.
Usage: check_rank.py EXAMPLE_DIR OUT.gpkg OUT.csv ANNUAL_BUDGET"""
import csv
import os
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
d, out, out_csv, budget = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
UTM = osr.SpatialReference()
UTM.ImportFromEPSG(32648)
UTM.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)


def load(path, field=None, key=None):
    ds = ogr.Open(os.path.join(d, path))
    lyr = ds.GetLayer(0)
    src = lyr.GetSpatialRef()
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, UTM)
    res = []
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        g.Transform(ct)
        if not g.IsValid():
            g = g.MakeValid()
        res.append((f.GetField(field) if field else None, f.GetField(key) if key else None, g))
    return res


communes = load("data/real/ninhbinh2025_census2009.gpkg", "population")
rivers = load("data/real/ninhbinh2025_rivers_wdbii.gpkg")
wells = load("data/synthetic/synthetic_water_supply.gpkg")
sites = {k: g for _, k, g in load("data/synthetic/synthetic_landfills.gpkg", key="site_id")}

problems = 0
n_pop = n_dist = 0
ds = ogr.Open(out)
lf = ds.GetLayerByName("landfills")
rows = []
for f in lf:
    rows.append({k: f.GetField(k) for k in f.keys()})
    sid = f.GetField("site_id")
    g = sites[sid]
    for r, col in ((500, "pop_500m"), (1000, "pop_1km"), (2000, "pop_2km")):
        buf = g.Buffer(r, 16)
        want = 0.0
        for pop, _, c in communes:
            if not pop or pop <= 0 or not buf.Intersects(c):
                continue
            want += pop * buf.Intersection(c).GetArea() / c.GetArea()
        got = f.GetField(col)
        n_pop += 1
        if abs(got - want) > 1e-4 * want + 0.01:
            print("%s %s: gistool %.3f, OGR/GEOS %.3f" % (sid, col, got, want))
            problems += 1
    for col, layer in (("dist_water_m", rivers), ("dist_well_m", wells)):
        want = min(g.Distance(h) for _, _, h in layer)
        got = f.GetField(col)
        n_dist += 1
        if abs(got - want) > 0.01:
            print("%s %s: gistool %.3f, OGR/GEOS %.3f" % (sid, col, got, want))
            problems += 1

# The plan, recomputed from the landfills layer.
plan = [{k: f.GetField(k) for k in f.keys()} for f in ds.GetLayerByName("plan_by_year")]
tot_u = sum(1 for r in rows if r["type"] == "unsanitary_landfill")
tot_d = sum(1 for r in rows if r["type"] == "spontaneous_dump")
for p in plan:
    y = p["year"]
    done_u = sum(1 for r in rows if r["type"] == "unsanitary_landfill" and r["plan_year"] and r["plan_year"] <= y)
    done_d = sum(1 for r in rows if r["type"] == "spontaneous_dump" and r["plan_year"] and r["plan_year"] <= y)
    cost = sum(r["cost"] for r in rows if r["plan_year"] == y and r["rank"] is not None)
    want = (done_u, tot_u, done_d, tot_d, int(2 * done_u > tot_u), int(done_d == tot_d))
    got = (p["unsanitary_done"], p["unsanitary_total"], p["dumps_done"], p["dumps_total"],
           p["unsanitary_target_met"], p["dumps_target_met"])
    if want != got or abs(p["unsanitary_pct"] - 100.0 * done_u / tot_u) > 1e-9 or \
            abs(p["cost"] - cost) > 1e-3 * max(cost, 1) or (budget > 0 and p["cost"] > budget * (1 + 1e-12)):
        print("plan %d: table %s cost %.0f, recomputed %s cost %.0f" % (y, got, p["cost"], want, cost))
        problems += 1

# The CSV: every site, ranks in order.
with open(out_csv, newline="", encoding="utf-8") as fh:
    lines = list(csv.DictReader(fh))
ranks = [int(r["rank"]) for r in lines if r["rank"]]
if len(lines) != len(rows) or ranks != list(range(1, len(ranks) + 1)):
    print("CSV: %d rows for %d sites, ranks %s..." % (len(lines), len(rows), ranks[:5]))
    problems += 1
print("%d populations and %d distances compared with OGR/GEOS, %d plan years recomputed, "
      "%d problems" % (n_pop, n_dist, len(plan), problems))
sys.exit(1 if problems else 0)
