#!/usr/bin/python3
"""Same distance surface? Two single-band rasters of one grid, cell by cell:
the largest absolute difference and the cells differing by more than TOL
(metres; default 1e-3, a Float32 distance of up to ~10 km carries about
1e-3 m of rounding). Exit 1 when a cell differs by more than TOL.
Usage: compare_rasters.py A.tif B.tif [TOL]"""
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
a_ds, b_ds = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-3
if (a_ds.RasterXSize, a_ds.RasterYSize) != (b_ds.RasterXSize, b_ds.RasterYSize):
    sys.exit("compare_rasters: the grids differ in size")
worst, over = 0.0, 0
step = 512
for y in range(0, a_ds.RasterYSize, step):
    n = min(step, a_ds.RasterYSize - y)
    a = a_ds.GetRasterBand(1).ReadAsArray(0, y, a_ds.RasterXSize, n).astype(np.float64)
    b = b_ds.GetRasterBand(1).ReadAsArray(0, y, b_ds.RasterXSize, n).astype(np.float64)
    d = np.abs(a - b)
    worst = max(worst, float(d.max()))
    over += int((d > tol).sum())
print("distance surface: %d cells, largest difference %.6g m, %d differ by more than %g m"
      % (a_ds.RasterXSize * a_ds.RasterYSize, worst, over, tol))
sys.exit(1 if over else 0)
