#!/usr/bin/python3
"""Reference check of the distance transform against GDAL's
gdal_proximity.py (-distunits GEO) on the same grid, and against exact
brute force (numpy) on the same grid.
  - gistool vs brute force: equal within 1e-6 relative (float output).
  - gistool vs gdal_proximity.py: gdal_proximity is an approximation
    (two-pass propagation of the nearest feature); it is never closer than
    the true distance, and here within 0.25 cell of it. We state and check
    both: max(gdal - gistool) <= 0.25 cell, min(gdal - gistool) >= -1e-3 m.
Usage: check_proximity.py GT_PROXIMITY"""
import os
import subprocess
import sys
import tempfile

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
tool = sys.argv[1]
rng = np.random.default_rng(394)
tmp = tempfile.mkdtemp(prefix="gt_prox_")
worst_cells = 0.0
for (w, h, dx, dy, nfeat) in [(300, 200, 10.0, 10.0, 40), (257, 131, 30.0, 30.0, 5),
                              (200, 200, 10.0, 10.0, 400)]:
    src = os.path.join(tmp, "src.tif")
    a = np.zeros((h, w), dtype=np.uint8)
    rr = rng.integers(0, h, nfeat)
    cc = rng.integers(0, w, nfeat)
    a[rr, cc] = 1
    ds = gdal.GetDriverByName("GTiff").Create(src, w, h, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((500000.0, dx, 0, 2200000.0, 0, -dy))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32648)
    ds.SetSpatialRef(srs)
    ds.GetRasterBand(1).WriteArray(a)
    ds = None
    ours, theirs = os.path.join(tmp, "ours.tif"), os.path.join(tmp, "gdal.tif")
    for f in (ours, theirs):  # gdal_proximity.py writes into an existing file
        if os.path.exists(f):
            os.remove(f)
    subprocess.run([tool, src, ours], check=True)
    subprocess.run(["gdal_proximity.py", "-q", src, theirs, "-distunits", "GEO",
                    "-ot", "Float32", "-values", "1"], check=True)
    d_ours = gdal.Open(ours).ReadAsArray().astype(np.float64)
    d_gdal = gdal.Open(theirs).ReadAsArray().astype(np.float64)
    # exact brute force
    fy, fx = np.nonzero(a)
    yy, xx = np.mgrid[0:h, 0:w]
    best = np.full((h, w), np.inf)
    for y, x in zip(fy, fx):
        best = np.minimum(best, np.hypot((xx - x) * dx, (yy - y) * dy))
    err_exact = np.max(np.abs(d_ours - best) / np.maximum(best, 1.0))
    diff = d_gdal - d_ours
    cells = diff.max() / dx
    worst_cells = max(worst_cells, cells)
    print("%dx%d, %d features: gistool vs exact max rel err %.2e; gdal_proximity - gistool: "
          "min %.4f m, max %.3f m (%.3f cell), mean %.4f m" % (
              w, h, nfeat, err_exact, diff.min(), diff.max(), cells, diff.mean()))
    assert err_exact <= 1e-6, "gistool EDT is not exact"
    assert diff.min() >= -1e-3, "gdal_proximity gave a shorter distance than the exact one"
    assert cells <= 0.25, "gdal_proximity differs by more than the stated 0.25 cell"
print("ok: exact EDT; gdal_proximity.py within %.3f cell of it (tolerance 0.25 cell)" % worst_cells)
