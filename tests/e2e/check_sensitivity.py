#!/usr/bin/python3
"""`gistool sensitivity` on the example province, read back with GDAL:
  - with steps of 0 % every run equals the base: best = worst = base rank,
    each base top-k parcel in the top k in every run, no reversals;
  - with a dominant weight (0.96, on road access, which separates the
    parcels; remoteness saturates at 1 for many) and tight Monte Carlo weights
    (concentration 400), the top parcel stays first in every run;
  - the same seed gives the same outputs (parcels and CV raster), another
    seed different ones;
  - CV is NoData outside the study area and >= 0 inside.
Usage: check_sensitivity.py GISTOOL SOURCE_DIR"""
import os
import sqlite3
import subprocess
import sys
import tempfile

from osgeo import gdal, ogr

gdal.UseExceptions()
bin_, src = sys.argv[1], sys.argv[2]
scen = os.path.join(src, "examples/ninh-binh/site.yaml")
tmp = tempfile.mkdtemp(prefix="gt_sens_")
problems = []


def run(name, *sets):
    out = os.path.join(tmp, name + ".gpkg")
    args = [bin_, "--quiet", "sensitivity", scen, "-o", out]
    for s in sets:
        args += ["--set", s]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode:
        problems.append("%s: exit %d: %s" % (name, p.returncode, p.stderr[-300:]))
        return None
    # Both parcel tables' spatial indexes, packed when the file is closed,
    # pass SQLite's own check and hold one entry per feature.
    db = sqlite3.connect(out)
    for table in ("parcels", "sensitivity_parcels"):
        rtree = "rtree_%s_geom" % table
        check = db.execute("SELECT rtreecheck(?)", (rtree,)).fetchone()[0]
        n = db.execute('SELECT count(*) FROM "%s" WHERE geom IS NOT NULL' % table).fetchone()[0]
        m = db.execute('SELECT count(*) FROM "%s"' % rtree).fetchone()[0]
        if check != "ok" or n != m:
            problems.append("%s: %s: %s, %d entries for %d features" % (name, rtree, check, m, n))
    db.close()
    return out


def parcels(path):
    ds = ogr.Open(path)
    return {f.GetField("parcel_id"): {k: f.GetField(k) for k in f.keys()}
            for f in ds.GetLayerByName("sensitivity_parcels")}


def reversals(path):
    ds = ogr.Open(path)  # keep the dataset alive while its layer is used
    return ds.GetLayerByName("rank_reversals").GetFeatureCount()


def cv(path):
    r = gdal.Open("GPKG:%s:suitability_cv" % path)
    b = r.GetRasterBand(1)
    return b.ReadRaster(), b.GetNoDataValue(), r


zero = run("zero", "sensitivity={oat_steps: [0], monte_carlo_runs: 0, top_k: 10}")
if zero:
    for pid, p in parcels(zero).items():
        if not (p["rank_best"] == p["rank_worst"] == p["rank_base"]):
            problems.append("step 0: %s ranks %s/%s/%s" % (pid, p["rank_best"], p["rank_base"], p["rank_worst"]))
        if (p["rank_base"] <= 10) != (p["top_k_share_oat"] == 1.0):
            problems.append("step 0: %s top-k share %s at rank %s" % (pid, p["top_k_share_oat"], p["rank_base"]))
    if reversals(zero):
        problems.append("step 0: %d reversals" % reversals(zero))

dom = run("dominant", "weights={direct: {road_access: 0.96, remoteness: 0.01, river_distance: 0.01, slope: 0.01, landuse: 0.01}}",
          "sensitivity={oat_steps: [-0.05, 0.05], monte_carlo_runs: 100, concentration: 400, seed: 7}")
if dom:
    top = [p for p in parcels(dom).values() if p["rank_base"] == 1][0]
    if top["rank_worst"] != 1 or top["top_k_share_mc"] != 1.0:
        problems.append("dominant weight: top parcel %s worst rank %s" % (top["parcel_id"], top["rank_worst"]))

sets = "sensitivity={oat_steps: [-0.1, 0.1], monte_carlo_runs: 40, seed: 11}"
a, b = run("seed_a", sets), run("seed_b", sets)
c = run("seed_c", sets.replace("seed: 11", "seed: 12"))
if a and b and c:
    if parcels(a) != parcels(b) or cv(a)[0] != cv(b)[0]:
        problems.append("the same seed gave different outputs")
    if cv(a)[0] == cv(c)[0]:
        problems.append("another seed gave the same CV raster")
    import struct
    raw, nd, ds = cv(a)
    vals = struct.unpack("%df" % (ds.RasterXSize * ds.RasterYSize), raw)
    if any(v < 0 and v != nd for v in vals) or vals[0] != nd:
        problems.append("CV: negative values, or data outside the study area")
for p in problems:
    print("FAIL", p)
print("sensitivity checks: %d problems" % len(problems))
sys.exit(1 if problems else 0)
