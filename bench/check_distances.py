#!/usr/bin/python3
"""Which distance surfaces are exact? At N cells drawn with a fixed seed,
the distance from the cell's centre to the nearest road cell's centre by
brute force over the roads raster (every road cell within a window wide
enough to hold the nearest one), against each surface given; a cell counts
as wrong when it is off by more than 1e-3 m (Float32 rounding of distances
up to ~10 km is below that). Prints, per surface, the largest error and the
share of sampled cells that are wrong.
Usage: check_distances.py ROADS.tif SURFACE.tif [SURFACE.tif ...] [--cells N]"""
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
args = sys.argv[1:]
n = 2000
if "--cells" in args:
    i = args.index("--cells")
    n = int(args[i + 1])
    del args[i:i + 2]
roads_ds = gdal.Open(args[0])
roads = roads_ds.GetRasterBand(1)
w, h = roads_ds.RasterXSize, roads_ds.RasterYSize
res = roads_ds.GetGeoTransform()[1]
surfaces = [(p, gdal.Open(p)) for p in args[1:]]
rng = np.random.default_rng(20261202)
cells = rng.integers(0, [h, w], size=(n, 2))


def exact(y, x):
    """Brute force: grow a square window until it holds a road cell, then
    widen it to the radius of the nearest one found (a nearer cell could lie
    outside a square that only just holds one)."""
    rad = 8
    while True:
        y0, x0 = max(0, y - rad), max(0, x - rad)
        win = roads.ReadAsArray(x0, y0, min(w, x + rad + 1) - x0, min(h, y + rad + 1) - y0)
        ry, rx = np.nonzero(win)
        if len(ry):
            d = np.sqrt((ry + y0 - y) ** 2.0 + (rx + x0 - x) ** 2.0).min()
            if d <= rad:
                return d * res
        if rad > max(w, h):
            return float("nan")
        rad *= 2


truth = np.array([exact(int(y), int(x)) for y, x in cells])
for path, ds in surfaces:
    band = ds.GetRasterBand(1)
    got = np.array([float(band.ReadAsArray(int(x), int(y), 1, 1)[0, 0]) for y, x in cells])
    err = np.abs(got - truth)
    print("exact distance at %d sampled cells: %-40s largest error %9.4f m, %5.2f %% off by > 1e-3 m"
          % (n, path.split("/")[-1], float(err.max()), 100.0 * float((err > 1e-3).mean())))
