#!/usr/bin/python3
"""The example site scenario with other aggregations and weights (via
--set), checked against the base run's output read with GDAL:
  - OWA with order weights (1, 0, ...) is the maximum: every parcel's
    score >= its WLC score; ORness 1 is recorded;
  - OWA with equal order weights equals WLC (tolerance 1e-5);
  - rank-order (ROC) weights for 5 factors are 0.4567, 0.2567, 0.1567,
    0.0900, 0.0400 in the order given (tolerance 5e-5);
  - the weighted product never exceeds WLC (weighted AM-GM);
  - a DEM covering half the province leaves NoData parcel scores, and
    nodata_fill gives every parcel a score.
Usage: check_aggregation.py GISTOOL SOURCE_DIR"""
import os
import subprocess
import sys
import tempfile

from osgeo import gdal, ogr

gdal.UseExceptions()
bin_, src = sys.argv[1], sys.argv[2]
scen = os.path.join(src, "examples/ninh-binh/site.yaml")
tmp = tempfile.mkdtemp(prefix="gt_agg_")
problems = []


def run(name, *sets):
    out = os.path.join(tmp, name + ".gpkg")
    args = [bin_, "--quiet", "site", scen, "-o", out]
    for s in sets:
        args += ["--set", s]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        problems.append("%s: exit %d: %s" % (name, p.returncode, p.stderr.strip()[-300:]))
        return None, None
    ds = ogr.Open(out)
    scores = {f.GetField("parcel_id"): f.GetField("score") for f in ds.GetLayerByName("parcels")}
    info = {f.GetField("key"): f.GetField("value") for f in ds.GetLayerByName("run_info")}
    return scores, info


base, _ = run("wlc")
owa_max, info = run("owamax", "aggregation={method: owa, order_weights: [1, 0, 0, 0, 0]}")
if owa_max:
    bad = [p for p in base if base[p] is not None and owa_max[p] < base[p] - 1e-6]
    if bad:
        problems.append("OWA max below WLC for %s" % bad[:5])
    if abs(float(info["owa.orness"]) - 1) > 1e-9:
        problems.append("OWA max: orness %s" % info["owa.orness"])
owa_avg, info = run("owaavg", "aggregation={method: owa, order_weights: [1, 1, 1, 1, 1]}")
if owa_avg:
    bad = [p for p in base if base[p] is not None and abs(owa_avg[p] - base[p]) > 1e-5]
    if bad:
        problems.append("OWA with equal order weights differs from WLC for %s" % bad[:5])
roc, info = run("roc", "weights={rank_order: {method: roc, order: [remoteness, river_distance, "
                       "road_access, landuse, slope]}}")
if roc:
    want = dict(remoteness=0.4567, river_distance=0.2567, road_access=0.1567, landuse=0.0900,
                slope=0.0400)
    for k, v in want.items():
        if abs(float(info["weight." + k]) - v) > 5e-5:
            problems.append("ROC weight %s = %s, expected %s" % (k, info["weight." + k], v))
wpm, info = run("wpm", "aggregation={method: wpm}")
if wpm:
    bad = [p for p in base if base[p] is not None and wpm[p] is not None and wpm[p] > base[p] + 1e-6]
    if bad:
        problems.append("weighted product above WLC for %s" % bad[:5])
    # The raster says which aggregation made it (QGIS shows the description).
    desc = gdal.OpenEx(os.path.join(tmp, "wpm.gpkg"), gdal.OF_RASTER).GetMetadataItem("DESCRIPTION")
    if "weighted product" not in (desc or ""):
        problems.append("WPM surface described as %r" % desc)
small, info = run("small", "factors.slope.fuzzy={shape: small, midpoint: 8, spread: 3}")
# A DEM over the western half only: slope is NoData in the east.
half = os.path.join(tmp, "half_dem.tif")
gdal.Translate(half, os.path.join(src, "examples/ninh-binh/data/synthetic/synthetic_dem.tif"),
               srcWin=[0, 0, 700, 1080])
nod, _ = run("nodata", "layers.dem.source=" + half)
filled, _ = run("filled", "layers.dem.source=" + half, "factors.slope.nodata_fill=0.5")
if nod and filled:
    n_null = sum(1 for v in nod.values() if v is None)
    if n_null == 0:
        problems.append("a half DEM left no NoData score")
    if any(v is None for v in filled.values()):
        problems.append("nodata_fill left NoData scores")
for p in problems:
    print("FAIL", p)
print("aggregation checks: %d problems" % len(problems))
sys.exit(1 if problems else 0)
