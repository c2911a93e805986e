#!/usr/bin/python3
"""Same values? The CSVs of gt_zonal and qgis_zonal.py, parcel by parcel:
in the layer's order, counts equal, mean/min/max within 1e-6 (relative for large values).
Usage: compare_zonal.py A.csv B.csv"""
import csv
import sys


def read(path):
    with open(path) as f:  # in the layer's feature order (QGIS renumbers fids)
        return dict(enumerate(csv.DictReader(f)))


a, b = read(sys.argv[1]), read(sys.argv[2])
bad = 0
for fid, ra in a.items():
    rb = b.get(fid)
    if rb is None or int(float(ra["count"] or 0)) != int(float(rb["count"] or 0)):
        bad += 1
        continue
    for k in ("mean", "min", "max"):
        if ra[k] == "" and rb[k] == "":
            continue
        x, y = float(ra[k] or "nan"), float(rb[k] or "nan")
        if not abs(x - y) <= 1e-6 * max(1.0, abs(y)):
            bad += 1
            break
print("zonal statistics: %d parcels, %d differ" % (len(a), bad))
sys.exit(1 if bad else 0)
