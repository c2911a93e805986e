#!/usr/bin/python3
"""Write a small waste register (schema v1, docs/progress.md) and a rank plan
for the tests of gistool progress, with hand-checkable values.

Usage: make_progress_fixture.py OUT_DIR [--no-targets]
Writes OUT_DIR/fixture-register.gpkg and OUT_DIR/fixture-rank.gpkg.
The expected indicators (year 2026) are in docs/progress.md's example and
are recomputed independently by check_progress.py.
"""
import os
import sys

from osgeo import ogr, osr

ogr.UseExceptions()


def plain_table(ds, name, fields, fid=None):
    opts = ["FID=" + fid] if fid else []
    lyr = ds.CreateLayer(name, geom_type=ogr.wkbNone, options=opts)
    for fname, ftype in fields:
        lyr.CreateField(ogr.FieldDefn(fname, ftype))
    return lyr


def add(lyr, values, geom=None):
    f = ogr.Feature(lyr.GetLayerDefn())
    for k, v in values.items():
        if v is None:
            f.SetFieldNull(k)
        else:
            f.SetField(k, v)
    if geom is not None:
        f.SetGeometry(geom)
    lyr.CreateFeature(f)


FACILITIES = [
    # site_id, name, commune, kind, polluting, lon, lat
    ("U1", "Bãi Đồng Xanh", "Phường Một", "unsanitary_landfill", 1, 105.95, 20.25),
    ("U2", "Bãi Núi Đá", "Xã Hai", "unsanitary_landfill", 1, 105.90, 20.20),
    ("U3", "Bãi Sông Cầu", "Xã Hai", "unsanitary_landfill", 1, 105.92, 20.18),
    ("D1", "Điểm tự phát 1", "Phường Một", "spontaneous_dump", 1, 105.97, 20.26),
    ("D2", "Điểm tự phát 2", "Xã Ba", "spontaneous_dump", 1, 106.00, 20.10),
    ("D3", "Điểm tự phát 3", "Xã Ba", "spontaneous_dump", 1, 106.02, 20.12),
    ("D4", "Điểm tự phát 4", "Xã Ba", "spontaneous_dump", 0, 106.03, 20.13),
    ("S1", "Khu xử lý hợp vệ sinh", "Xã Hai", "sanitary_landfill", 1, 105.88, 20.22),
    ("D5", "Điểm tự phát 5", "Xã Ba", "spontaneous_dump", 1, 106.05, 20.15),
]

HISTORY = [
    # site_id, status, date, source
    ("U1", "operating", "2024-12-31", "import"),
    ("U2", "operating", "2024-12-31", "import"),
    ("U3", "operating", "2024-12-31", "import"),
    ("D1", "operating", "2024-12-31", "import"),
    ("D2", "operating", "2024-12-31", "import"),
    ("D3", "operating", "2024-12-31", "import"),
    ("S1", "operating", "2024-12-31", "import"),
    ("D4", "closed", "2025-12-31", "QĐ 12/QĐ-UBND"),
    ("D2", "closed", "2025-01-15", "QĐ 3/QĐ-UBND"),
    ("U1", "closed", "2025-06-01", "QĐ 20/QĐ-UBND"),
    ("U1", "remediated", "2026-03-01", "Biên bản nghiệm thu 5/2026"),
    ("U2", "remediating", "2026-05-01", "QĐ 41/QĐ-UBND"),
    ("D1", "closed", "2026-08-01", "QĐ 55/QĐ-UBND"),
    ("D2", "remediated", "2026-10-10", "Biên bản nghiệm thu 9/2026"),
    ("U3", "closed", "2026-12-31", "QĐ 70/QĐ-UBND"),
    ("U3", "remediated", "2027-02-01", "Biên bản nghiệm thu 2/2027"),
    ("D5", "operating", "2027-03-01", "kiểm tra 3/2027"),
]

COMMUNES = [
    # code, commune, year, area, population, households, generated, collected,
    # landfill, sorting
    ("00001", "Phường Một", 2025, "urban", 4000, 1000, 10.0, 9.0, 5.0, 300),
    ("00002", "Xã Hai", 2025, "rural", 8000, 2000, 20.0, 15.0, 12.0, 200),
    ("00001", "Phường Một", 2026, "urban", 4000, 1000, 10.0, 9.6, 4.0, 600),
    ("00002", "Xã Hai", 2026, "rural", 8000, 2000, 20.0, 17.0, 10.0, None),
    ("00003", "Xã Ba", 2026, "rural", 2000, 500, None, 5.0, None, 100),
    ("00004", "Phường Bốn", 2026, "urban", 3000, None, None, None, None, None),
]


def register(path, targets=True):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    meta = plain_table(ds, "register_meta", [("key", ogr.OFTString), ("value", ogr.OFTString)])
    for k, v in [("schema_version", "1"), ("province", "Ninh Bình"), ("province_code", "37"),
                 ("created_at", "2026-01-01T00:00:00Z"), ("gistool_version", "0.1.0")]:
        add(meta, {"key": k, "value": v})
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    fac = ds.CreateLayer("facilities", srs, ogr.wkbPoint, options=["GEOMETRY_NAME=geom"])
    for name, t in [("site_id", ogr.OFTString), ("name", ogr.OFTString),
                    ("commune", ogr.OFTString), ("commune_code", ogr.OFTString),
                    ("kind", ogr.OFTString), ("polluting", ogr.OFTInteger),
                    ("capacity_tpd", ogr.OFTReal), ("area_ha", ogr.OFTReal)]:
        fac.CreateField(ogr.FieldDefn(name, t))
    for sid, name, commune, kind, pol, lon, lat in FACILITIES:
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(lon, lat)
        add(fac, {"site_id": sid, "name": name, "commune": commune, "kind": kind,
                  "polluting": pol}, g)
    hist = plain_table(ds, "status_history",
                       [("site_id", ogr.OFTString), ("status", ogr.OFTString),
                        ("date", ogr.OFTString), ("source", ogr.OFTString),
                        ("note", ogr.OFTString), ("recorded_at", ogr.OFTString),
                        ("recorded_by", ogr.OFTString)], fid="id")
    for sid, st, date, src in HISTORY:
        add(hist, {"site_id": sid, "status": st, "date": date, "source": src,
                   "recorded_at": "2027-03-02T00:00:00Z"})
    ci = plain_table(ds, "commune_indicators",
                     [("commune_code", ogr.OFTString), ("commune", ogr.OFTString),
                      ("year", ogr.OFTInteger), ("area_type", ogr.OFTString),
                      ("population", ogr.OFTInteger), ("households", ogr.OFTInteger),
                      ("generated_tpd", ogr.OFTReal), ("collected_tpd", ogr.OFTReal),
                      ("landfill_tpd", ogr.OFTReal), ("incinerated_tpd", ogr.OFTReal),
                      ("composted_tpd", ogr.OFTReal), ("recycled_tpd", ogr.OFTReal),
                      ("other_tpd", ogr.OFTReal), ("households_sorting", ogr.OFTInteger),
                      ("source", ogr.OFTString)])
    for code, name, year, area, pop, hh, gen, col, lf, sort in COMMUNES:
        add(ci, {"commune_code": code, "commune": name, "year": year, "area_type": area,
                 "population": pop, "households": hh, "generated_tpd": gen,
                 "collected_tpd": col, "landfill_tpd": lf, "households_sorting": sort,
                 "source": "fixture"})
    tg = plain_table(ds, "targets", [("indicator", ogr.OFTString), ("year", ogr.OFTInteger),
                                     ("value", ogr.OFTReal), ("source", ogr.OFTString)])
    if targets:
        add(tg, {"indicator": "collected_urban_pct", "year": 2030, "value": 98.0,
                 "source": "Kế hoạch 99/KH-UBND (fixture)"})
    ds = None


def rank_plan(path):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    lf = ds.CreateLayer("landfills", srs, ogr.wkbPoint)
    lf.CreateField(ogr.FieldDefn("site_id", ogr.OFTString))
    lf.CreateField(ogr.FieldDefn("plan_year", ogr.OFTInteger))
    for sid, year in [("U1", 2026), ("U2", 2026), ("U3", 2025), ("D3", 2027), ("D1", None)]:
        g = ogr.Geometry(ogr.wkbPoint)
        g.AddPoint_2D(106.0, 20.2)
        add(lf, {"site_id": sid, "plan_year": year}, g)
    pby = plain_table(ds, "plan_by_year", [("year", ogr.OFTInteger), ("sites", ogr.OFTInteger)])
    add(pby, {"year": 2026, "sites": 2})
    ds = None


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    register(os.path.join(out, "fixture-register.gpkg"), "--no-targets" not in sys.argv)
    rank_plan(os.path.join(out, "fixture-rank.gpkg"))


def example_register(path, src):
    """The Ninh Bình example's register, made as the register import does
    (docs/progress.md): the facilities of synthetic_landfills.gpkg (type ->
    kind, the row's status dated <status_year>-12-31 or 2024-12-31), then
    register_history.csv and register_indicators.csv."""
    import csv
    ex = os.path.join(src, "examples", "ninh-binh", "data", "synthetic")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    meta = plain_table(ds, "register_meta", [("key", ogr.OFTString), ("value", ogr.OFTString)])
    for k, v in [("schema_version", "1"), ("province", "Ninh Bình"), ("province_code", ""),
                 ("created_at", "2027-12-31T00:00:00Z"), ("gistool_version", "0.1.0")]:
        add(meta, {"key": k, "value": v})
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    fac = ds.CreateLayer("facilities", srs, ogr.wkbUnknown, options=["GEOMETRY_NAME=geom"])
    for name, t in [("site_id", ogr.OFTString), ("name", ogr.OFTString),
                    ("commune", ogr.OFTString), ("kind", ogr.OFTString),
                    ("polluting", ogr.OFTInteger)]:
        fac.CreateField(ogr.FieldDefn(name, t))
    hist = plain_table(ds, "status_history",
                       [("site_id", ogr.OFTString), ("status", ogr.OFTString),
                        ("date", ogr.OFTString), ("source", ogr.OFTString),
                        ("note", ogr.OFTString), ("recorded_at", ogr.OFTString)], fid="id")
    inv = ogr.Open(os.path.join(ex, "synthetic_landfills.gpkg"))
    for i, f in enumerate(inv.GetLayer("landfills")):
        add(fac, {"site_id": f["site_id"], "name": f["name"], "commune": f["commune"],
                  "kind": f["type"], "polluting": 1}, f.GetGeometryRef().Clone())
        year = f["status_year"]
        add(hist, {"site_id": f["site_id"], "status": f["status"] or "operating",
                   "date": "%d-12-31" % year if year else "2024-12-31",
                   "source": "import: synthetic_landfills.gpkg, row %d" % (i + 1),
                   "recorded_at": "2027-12-31T00:00:00Z"})
    with open(os.path.join(ex, "register_history.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            add(hist, dict(r, recorded_at="2027-12-31T00:00:00Z"))
    ci = plain_table(ds, "commune_indicators",
                     [("commune_code", ogr.OFTString), ("commune", ogr.OFTString),
                      ("year", ogr.OFTInteger), ("area_type", ogr.OFTString),
                      ("population", ogr.OFTInteger), ("households", ogr.OFTInteger),
                      ("generated_tpd", ogr.OFTReal), ("collected_tpd", ogr.OFTReal),
                      ("landfill_tpd", ogr.OFTReal), ("incinerated_tpd", ogr.OFTReal),
                      ("composted_tpd", ogr.OFTReal), ("recycled_tpd", ogr.OFTReal),
                      ("other_tpd", ogr.OFTReal), ("households_sorting", ogr.OFTInteger),
                      ("source", ogr.OFTString)])
    with open(os.path.join(ex, "register_indicators.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            add(ci, {k: (None if v == "" else v) for k, v in r.items()})
    plain_table(ds, "targets", [("indicator", ogr.OFTString), ("year", ogr.OFTInteger),
                                ("value", ogr.OFTReal), ("source", ogr.OFTString)])
    ds = None
