#!/usr/bin/python3
"""Generate a province-size synthetic workload for the benchmark (seeded):
a 100 km x 100 km study area in UTM 48N (10,000 x 10,000 cells at 10 m),
50,000 road segments, 100,000 parcels, 5,000 villages, 500 wells, 20
rivers, a flood zone, a 30 m DEM; and the scenario that uses them.
Usage: make_workload.py OUTDIR
       make_workload.py OUTDIR --parcels N   (only parcels_N.gpkg and
       site_N.yaml: the same workload with N parcels, for the parcel scaling)"""
import math
import os
import random
import sys

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(394)
ONLY_PARCELS = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--parcels" else 0
X0, Y0, SIZE = 500000.0, 2200000.0, 100000.0
UTM = osr.SpatialReference()
UTM.ImportFromEPSG(32648)


def layer(name, gtype, fields=()):
    path = os.path.join(out, name + ".gpkg")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(name, UTM, gtype)
    for f in fields:
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    ds.StartTransaction()
    return ds, lyr


def put(lyr, wkt, **attrs):
    f = ogr.Feature(lyr.GetLayerDefn())
    for k, v in attrs.items():
        f.SetField(k, v)
    f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    lyr.CreateFeature(f)


def close(ds):
    ds.CommitTransaction()


def parcels(name, count):
    """count square parcels, one per slot of a shuffled grid of slots."""
    prng = random.Random(394 + count)
    k = int(math.ceil(math.sqrt(count * 1.1)))
    slot = SIZE / k
    ds, l = layer(name, ogr.wkbPolygon, ["parcel_id"])
    slots = [(i, j) for i in range(k) for j in range(k)]
    prng.shuffle(slots)
    for n, (i, j) in enumerate(slots[:count]):
        s = prng.uniform(0.5, 0.83) * slot
        x, y = X0 + i * slot + prng.uniform(0, slot - s), Y0 + j * slot + prng.uniform(0, slot - s)
        put(l, "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (
            x, y, x + s, y, x + s, y + s, x, y + s, x, y), parcel_id="P%07d" % (n + 1))
    close(ds)


if ONLY_PARCELS:
    parcels("parcels_%d" % ONLY_PARCELS, ONLY_PARCELS)
    text = open(os.path.join(out, "site.yaml")).read()
    open(os.path.join(out, "site_%d.yaml" % ONLY_PARCELS), "w").write(
        text.replace("source: parcels.gpkg", "source: parcels_%d.gpkg" % ONLY_PARCELS))
    print("parcels_%d written to" % ONLY_PARCELS, out)
    sys.exit(0)


ds, l = layer("area", ogr.wkbPolygon)
put(l, "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (
    X0, Y0, X0 + SIZE, Y0, X0 + SIZE, Y0 + SIZE, X0, Y0 + SIZE, X0, Y0))
close(ds)

ds, l = layer("roads", ogr.wkbLineString, ["fclass"])
for i in range(50000):
    x, y = rng.uniform(X0, X0 + SIZE), rng.uniform(Y0, Y0 + SIZE)
    a, n = rng.uniform(0, math.pi), rng.uniform(200, 600)
    cls = "primary" if i < 2000 else "residential"
    put(l, "LINESTRING(%f %f,%f %f)" % (x, y, x + n * math.cos(a), y + n * math.sin(a)), fclass=cls)
close(ds)

ds, l = layer("rivers", ogr.wkbLineString)
for i in range(20):
    x, y = X0 + rng.uniform(0, SIZE), Y0
    pts = []
    while y < Y0 + SIZE:
        pts.append("%f %f" % (x, y))
        x += rng.uniform(-300, 300)
        y += 500
    put(l, "LINESTRING(%s)" % ",".join(pts))
close(ds)

ds, l = layer("villages", ogr.wkbPolygon)
for i in range(5000):
    x, y = rng.uniform(X0, X0 + SIZE), rng.uniform(Y0, Y0 + SIZE)
    g = ogr.CreateGeometryFromWkt("POINT(%f %f)" % (x, y)).Buffer(rng.uniform(80, 200), 3)
    put(l, g.ExportToWkt())
close(ds)

ds, l = layer("wells", ogr.wkbPoint)
for i in range(500):
    put(l, "POINT(%f %f)" % (rng.uniform(X0, X0 + SIZE), rng.uniform(Y0, Y0 + SIZE)))
close(ds)

ds, l = layer("flood", ogr.wkbPolygon)
for i in range(30):
    x, y = rng.uniform(X0, X0 + SIZE), rng.uniform(Y0, Y0 + SIZE)
    g = ogr.CreateGeometryFromWkt("POINT(%f %f)" % (x, y)).Buffer(rng.uniform(1000, 3000), 8)
    put(l, g.ExportToWkt())
close(ds)

ds, l = layer("parcels", ogr.wkbPolygon, ["parcel_id"])
slots = [(i, j) for i in range(333) for j in range(333)]
rng.shuffle(slots)
for k, (i, j) in enumerate(slots[:100000]):
    s = rng.uniform(150, 250)
    x, y = X0 + i * 300 + rng.uniform(0, 300 - s), Y0 + j * 300 + rng.uniform(0, 300 - s)
    put(l, "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (
        x, y, x + s, y, x + s, y + s, x, y + s, x, y), parcel_id="P%06d" % (k + 1))
close(ds)

n = 3334
yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
dem = 5 + 0.002 * xx
nprng = np.random.default_rng(394)
for _ in range(300):
    cx, cy, h, s = nprng.uniform(0, n), nprng.uniform(0, n), nprng.uniform(20, 200), nprng.uniform(10, 60)
    x0, x1 = int(max(0, cx - 3 * s)), int(min(n, cx + 3 * s))
    y0, y1 = int(max(0, cy - 3 * s)), int(min(n, cy + 3 * s))
    dem[y0:y1, x0:x1] += h * np.exp(-((xx[y0:y1, x0:x1] - cx) ** 2 + (yy[y0:y1, x0:x1] - cy) ** 2) / (2 * s * s))
d = gdal.GetDriverByName("GTiff").Create(os.path.join(out, "dem.tif"), n, n, 1, gdal.GDT_Float32,
                                         ["COMPRESS=DEFLATE", "TILED=YES"])
d.SetGeoTransform((X0, 30, 0, Y0 + n * 30, 0, -30))
d.SetSpatialRef(UTM)
d.GetRasterBand(1).WriteArray(dem)
d = None

open(os.path.join(out, "site.yaml"), "w").write("""name: benchmark workload (synthetic, 100 km x 100 km)
crs: EPSG:32648
resolution_m: 10
study_area: {source: area.gpkg}
layers:
  residential: {source: villages.gpkg}
  wells: {source: wells.gpkg}
  flood_zone: {source: flood.gpkg}
  national_roads: {source: roads.gpkg, class_field: fclass, classes: [primary]}
  roads: {source: roads.gpkg}
  rivers: {source: rivers.gpkg}
  dem: {source: dem.tif}
  parcels: {source: parcels.gpkg, id_field: parcel_id}
constraints:
  profile: vn-qcvn-01-2025
  extra:
    - {id: bench-river-200m, layer: rivers, min_distance_m: 200, source: benchmark}
factors:
  remoteness: {layer: residential, measure: distance, fuzzy: {shape: sigmoidal, a: 1000, b: 3000}}
  road_access: {layer: roads, measure: distance, fuzzy: {shape: linear, c: 500, d: 5000}}
  river_distance: {layer: rivers, measure: distance, fuzzy: {shape: sigmoidal, a: 200, b: 2000}}
  slope: {layer: dem, measure: slope_pct, fuzzy: {c: 2, d: 15}}
weights:
  ahp:
    order: [remoteness, road_access, river_distance, slope]
    matrix: [[1, 2, 2, 4], [1/2, 1, 1, 2], [1/2, 1, 1, 2], [1/4, 1/2, 1/2, 1]]
outputs: {gpkg: site.gpkg}
""")
print("workload written to", out)
