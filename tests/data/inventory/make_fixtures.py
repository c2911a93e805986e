#!/usr/bin/python3
"""Write the inventory fixtures: 20 sites of the Ninh Binh example's
synthetic inventory (its 14 points and the centroids of its first 6
polygons, coordinates rounded to 6 decimals) as a GeoPackage with the
schema's codes and, with the Vietnamese values communes write, as an XLSX
(numbers), an ODS (text with decimal commas, Vietnamese column headings)
and a ';' CSV with decimal commas; then a CSV with lon/lat swapped and one
with every row bad. Usage: make_fixtures.py (from anywhere)."""
import csv
import os

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "..", "examples", "ninh-binh", "data", "synthetic",
                   "synthetic_landfills.gpkg")
FIELDS = ["site_id", "name", "commune", "type", "status", "status_year", "area_ha", "volume_m3",
          "years_operated", "waste_type", "liner", "cover", "leachate", "burning"]
NUMBERS = {"status_year", "area_ha", "volume_m3", "years_operated"}
VI = {
    "type": {"unsanitary_landfill": "Bãi chôn lấp không hợp vệ sinh",
             "spontaneous_dump": "Bãi rác tự phát",
             "sanitary_landfill": "Bãi chôn lấp hợp vệ sinh"},
    "status": {"operating": "Đang hoạt động", "closed": "Đã đóng cửa",
               "remediating": "Đang cải tạo", "remediated": "Đã cải tạo"},
    "waste_type": {"household": "Rác thải sinh hoạt", "hazardous": "Chất thải nguy hại",
                   "industrial": "Chất thải công nghiệp", "mixed": "Hỗn hợp"},
    "liner": {"yes": "Có", "no": "Không"},
    "cover": {"none": "Không che phủ", "partial": "Một phần", "full": "Toàn bộ"},
    "leachate": {"yes": "Có", "no": "Không", "unknown": "Không rõ"},
    "burning": {"yes": "Có", "no": "Không", "unknown": "Không rõ"},
}


def sites():
    ds = ogr.Open(SRC)
    feats = list(ds.GetLayer(0))
    points = [f for f in feats if f.GetGeometryRef().GetGeometryName() == "POINT"]
    polygons = [f for f in feats if f.GetGeometryRef().GetGeometryName() != "POINT"][:6]
    out = []
    for f in points + polygons:
        c = f.GetGeometryRef().Centroid()
        row = {k: f.GetField(k) for k in FIELDS}
        row["lon"], row["lat"] = round(c.GetX(), 6), round(c.GetY(), 6)
        out.append(row)
    return sorted(out, key=lambda r: r["site_id"])


def vietnamese(row, i):
    """The row's values as a commune writes them, in varied case."""
    r = dict(row)
    for k, table in VI.items():
        if r[k] is not None:
            r[k] = table[r[k]]
            if i % 3 == 1:
                r[k] = r[k].upper()
            elif i % 3 == 2:
                r[k] = "  " + r[k].lower() + " "
    return r


def comma(v):
    return "" if v is None else str(v).replace(".", ",")


def write_gpkg(rows):
    path = os.path.join(HERE, "inventory.gpkg")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    lyr = ds.CreateLayer("landfills", srs, ogr.wkbPoint)
    for k in FIELDS:
        lyr.CreateField(ogr.FieldDefn(k, ogr.OFTReal if k in NUMBERS else ogr.OFTString))
    for r in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k in FIELDS:
            if r[k] is not None:
                f.SetField(k, r[k])
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%r %r)" % (r["lon"], r["lat"])))
        lyr.CreateFeature(f)


def write_sheet(driver, name, sheet, rows, lon, lat, as_text):
    path = os.path.join(HERE, name)
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName(driver).CreateDataSource(path)
    lyr = ds.CreateLayer(sheet, geom_type=ogr.wkbNone)
    cols = FIELDS + [lon, lat]
    for k in cols:
        number = not as_text and (k in NUMBERS or k in (lon, lat))
        lyr.CreateField(ogr.FieldDefn(k, ogr.OFTReal if number else ogr.OFTString))
    for i, r in enumerate(rows):
        r = vietnamese(r, i)
        f = ogr.Feature(lyr.GetLayerDefn())
        for k in FIELDS:
            if r[k] is not None:
                f.SetField(k, comma(r[k]) if as_text and k in NUMBERS else r[k])
        f.SetField(lon, comma(r["lon"]) if as_text else r["lon"])
        f.SetField(lat, comma(r["lat"]) if as_text else r["lat"])
        lyr.CreateFeature(f)


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, delimiter=";", lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    rows = sites()
    write_gpkg(rows)
    write_sheet("XLSX", "inventory.xlsx", "Danh sách", rows, "lon", "lat", False)
    write_sheet("ODS", "inventory.ods", "Bãi rác", rows, "Kinh độ", "Vĩ độ", True)
    cols = FIELDS + ["lon", "lat"]
    vi = [vietnamese(r, i) for i, r in enumerate(rows)]
    write_csv("inventory_semicolon.csv", cols,
              [[comma(r[k]) if k in NUMBERS or k in ("lon", "lat") else (r[k] or "")
                for k in cols] for r in vi])
    swapped = FIELDS + ["lat", "lon"]  # headings one way, cells the other
    write_csv("swapped.csv", swapped,
              [[comma(r[k]) if k in NUMBERS else (r[k] or "") for k in FIELDS]
               + [comma(r["lon"]), comma(r["lat"])] for r in vi[:5]])
    # Every row's values bad (rows 2-25, so that the report is cut at 20);
    # coordinates are checked before values, so they are all good here.
    bad = []
    for i in range(24):
        r = [comma(v) if k in NUMBERS else (v or "") for k, v in
             ((k, vi[i % len(vi)][k]) for k in FIELDS)]
        r[0] = "BAD-%02d" % i
        lon, lat = comma(vi[i % len(vi)]["lon"]), comma(vi[i % len(vi)]["lat"])
        if i == 0:
            r[3] = "Bãi rác không rõ loại"  # a type no table knows
        elif i == 1:
            r[6] = "1,5 ha"  # a unit in the cell
        elif i == 2:
            r[7] = "-20"
        elif i == 3:
            r[0] = "BAD-00"  # the id of row 2 again
        else:
            r[4] = "Bỏ hoang"  # "abandoned": no status code
        bad.append(r + [lon, lat])
    write_csv("all_bad.csv", FIELDS + ["lon", "lat"], bad)


main()
