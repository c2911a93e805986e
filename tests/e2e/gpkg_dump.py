#!/usr/bin/python3
"""Dump a gistool GeoPackage to canonical text, the way a user's tools read
it (GDAL's Python bindings): features sorted by id, numbers in full, one
numbered line per record, so a diff points at a case. Never byte-compare a
.gpkg. Usage: gpkg_dump.py OUT.gpkg > dump.txt"""
import os
import sys

from osgeo import gdal, ogr

gdal.UseExceptions()

# run_info keys that change from run to run or machine to machine.
VOLATILE = ("timing.", "started_utc", "versions", "command_line", "scenario_path",
            "profile_path", "scenario_text")


def fmt(v):
    if v is None:
        return "NULL"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def dump_layer(ds, name, key, out):
    lyr = ds.GetLayerByName(name)
    if lyr is None:
        out.append("%s: missing" % name)
        return
    defn = lyr.GetLayerDefn()
    fields = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    srs = lyr.GetSpatialRef()
    out.append("%s: %d features, fields %s, crs %s" % (
        name, lyr.GetFeatureCount(), ",".join(fields),
        srs.GetAuthorityCode(None) if srs else "none"))
    rows = []
    for f in lyr:
        vals = {k: f.GetField(k) for k in fields}
        if vals.get("origin"):  # "path/site.yaml:12": the folder depends on the caller
            vals["origin"] = os.path.basename(vals["origin"])
        rows.append(vals)
    rows.sort(key=lambda r: str(r[key]) if key else "")
    for i, r in enumerate(rows, 1):
        out.append("%s.%d|" % (name, i) + "|".join("%s=%s" % (k, fmt(r[k])) for k in fields))


def main():
    path = sys.argv[1]
    ds = gdal.OpenEx(path, gdal.OF_VECTOR)
    out = []
    for name, key in (("parcels", "parcel_id"), ("constraint_zones", "rule_id"),
                      ("landfills", "site_id"), ("plan_by_year", "year"),
                      ("candidate_regions", "region_id"),
                      ("run_weights", "factor"), ("run_rules", "rule_id"),
                      ("data_gaps", "item")):
        if ds.GetLayerByName(name) is not None:
            dump_layer(ds, name, key, out)
    lyr = ds.GetLayerByName("run_inputs")
    rows = sorted((f.GetField("layer"), os.path.basename(f.GetField("path")),
                   f.GetField("size_bytes"), f.GetField("sha256"), f.GetField("label")) for f in lyr)
    rows = [r for r in rows if r[0] != "scenario"]  # test copies differ in paths
    for i, r in enumerate(rows, 1):
        out.append("run_inputs.%d|layer=%s|file=%s|size_bytes=%s|sha256=%s|label=%s" % ((i,) + r))
    lyr = ds.GetLayerByName("run_info")
    info = sorted((f.GetField("key"), f.GetField("value")) for f in lyr)
    for k, v in info:
        if k.startswith(VOLATILE) or k == "scenario_sha256":
            continue
        out.append("run_info|%s=%s" % (k, v))
    if ds.GetLayerByName("parcels") is None:  # no raster in a rank output
        sys.stdout.write("\n".join(out) + "\n")
        return
    r = gdal.Open("GPKG:%s:suitability" % path)
    b = r.GetRasterBand(1)
    arr = b.ReadRaster()
    import struct
    vals = struct.unpack("%df" % (r.RasterXSize * r.RasterYSize), arr)
    nd = b.GetNoDataValue()
    valid = [v for v in vals if v != nd]
    out.append("suitability: %d x %d, nodata %s, geotransform %s, crs %s" % (
        r.RasterXSize, r.RasterYSize, fmt(nd), ",".join(repr(x) for x in r.GetGeoTransform()),
        r.GetSpatialRef().GetAuthorityCode(None)))
    out.append("suitability.stats|valid=%d|nodata=%d|min=%r|max=%r|mean=%r|zero=%d" % (
        len(valid), len(vals) - len(valid), min(valid), max(valid),
        sum(valid) / len(valid), sum(1 for v in valid if v == 0)))
    w = r.RasterXSize
    for i, k in enumerate(range(0, len(vals), max(1, len(vals) // 50)), 1):
        out.append("suitability.cell.%d|row=%d|col=%d|value=%r" % (i, k // w, k % w, vals[k]))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
