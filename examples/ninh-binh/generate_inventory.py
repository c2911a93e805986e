#!/usr/bin/python3
# generate_inventory.py: a synthetic inventory of landfills and dumps for
# the Ninh Bình example (seeded; the same seed gives the same file).
# Sites are placed at random points inside random rural communes of the
# real 2009 census layer; attributes are drawn from the ranges below;
# about 10 % of each attribute is left empty, as real inventories are.
# Names are "Synthetic ..." with a number: no invented real names.
#     /usr/bin/python3 examples/ninh-binh/generate_inventory.py [--seed 394]
# SPDX-License-Identifier: MIT
#
# Ranges (stated for the data README):
#   52 communal unsanitary landfills: polygons of 0.2-4 ha, fill depth 2-6 m,
#      operated 5-30 years; status operating 60 %, closed 25 %, remediating
#      5 %, remediated 10 % (in 2023-2025); waste household 70 %, mixed 25 %,
#      industrial 5 %; liner yes 10 %; cover none 50 %, partial 35 %, full
#      15 %; leachate seen 40 %; burning seen 30 %
#   14 spontaneous dumps: points, 100-3000 m3, operating (active) 80 %,
#      closed 20 %; waste household or mixed; no liner, no cover; burning
#      seen 50 %
#   2 sanitary landfills: polygons of 8-15 ha, operating, lined, covered
import argparse
import csv
import math
import os
import random

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))

FIELDS = ["site_id", "name", "commune", "type", "status", "status_year", "area_ha", "volume_m3",
          "years_operated", "waste_type", "liner", "cover", "leachate", "burning"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=394)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32648)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs, utm)
    to_wgs = osr.CoordinateTransformation(utm, wgs)
    ds = ogr.Open(os.path.join(HERE, "data/real/ninhbinh2025_census2009.gpkg"))
    communes = []
    for f in ds.GetLayer(0):
        name = f.GetField("commune_vn") or ""
        if name.startswith("Xã"):
            g = f.GetGeometryRef().Clone()
            g.Transform(to_utm)
            communes.append((name, g))

    pds = ogr.Open(os.path.join(HERE, "data/real/ninhbinh2025_admin.gpkg"))  # keep: owns the layer
    pfeat = pds.GetLayerByName("province").GetNextFeature()  # keep: owns the geometry
    province = pfeat.GetGeometryRef().Clone()
    province.Transform(to_utm)
    inner = province.Buffer(-300)  # the census outlines differ from the official boundary

    def point_in(g):
        x0, x1, y0, y1 = g.GetEnvelope()
        for _ in range(5000):
            p = ogr.Geometry(ogr.wkbPoint)
            p.AddPoint_2D(rng.uniform(x0, x1), rng.uniform(y0, y1))
            if g.Contains(p) and inner.Contains(p):
                return p
        return None

    def pick(pairs):
        x, acc = rng.random(), 0.0
        for v, w in pairs:
            acc += w
            if x < acc:
                return v
        return pairs[-1][0]

    def maybe(v):
        return None if rng.random() < 0.10 else v

    rows = []
    for kind, count in (("unsanitary_landfill", 52), ("spontaneous_dump", 14), ("sanitary_landfill", 2)):
        for k in range(1, count + 1):
            p = None
            while p is None:
                commune, cg = communes[rng.randrange(len(communes))]
                p = point_in(cg)
            row = {"commune": commune, "type": kind}
            if kind == "unsanitary_landfill":
                area = rng.uniform(0.2, 4.0)
                status = pick([("operating", .6), ("closed", .25), ("remediating", .05), ("remediated", .10)])
                row.update(site_id="NB-UL-%03d" % k, name="Synthetic communal landfill %03d" % k,
                           status=status, area_ha=round(area, 2),
                           volume_m3=round(area * 1e4 * rng.uniform(2, 6), -2),
                           years_operated=rng.randint(5, 30),
                           waste_type=pick([("household", .7), ("mixed", .25), ("industrial", .05)]),
                           liner=pick([("yes", .1), ("no", .9)]),
                           cover=pick([("none", .5), ("partial", .35), ("full", .15)]),
                           leachate=pick([("yes", .4), ("no", .6)]),
                           burning=pick([("yes", .3), ("no", .7)]))
                if status in ("closed", "remediated"):
                    row["status_year"] = rng.randint(2019, 2025) if status == "closed" else rng.randint(2023, 2025)
                geom = p.Buffer(math.sqrt(area * 1e4 / math.pi), 4)
            elif kind == "spontaneous_dump":
                status = pick([("operating", .8), ("closed", .2)])
                vol = round(rng.uniform(100, 3000), -1)
                row.update(site_id="NB-SD-%03d" % k, name="Synthetic spontaneous dump %03d" % k,
                           status=status, volume_m3=vol, area_ha=round(vol / 1.5 / 1e4, 3),
                           years_operated=rng.randint(1, 10),
                           waste_type=pick([("household", .6), ("mixed", .4)]), liner="no", cover="none",
                           leachate=pick([("yes", .3), ("no", .7)]), burning=pick([("yes", .5), ("no", .5)]))
                if status == "closed":
                    row["status_year"] = rng.randint(2022, 2025)
                geom = p
            else:
                area = rng.uniform(8, 15)
                row.update(site_id="NB-SL-%03d" % k, name="Synthetic sanitary landfill %03d" % k,
                           status="operating", area_ha=round(area, 2),
                           volume_m3=round(area * 1e4 * 8, -3), years_operated=rng.randint(3, 12),
                           waste_type="household", liner="yes", cover="full", leachate="no", burning="no")
                geom = p.Buffer(math.sqrt(area * 1e4 / math.pi), 8)
            for key in ("area_ha", "volume_m3", "years_operated", "waste_type", "liner", "cover",
                        "leachate", "burning", "status"):
                if key in row and key != "status" or (key == "status" and rng.random() < 0.5):
                    row[key] = maybe(row.get(key))
            if kind == "spontaneous_dump" and row.get("status") is None:
                row["status"] = "operating"
            g = geom.Clone()
            g.Transform(to_wgs)
            rows.append((row, g))

    path = os.path.join(HERE, "data/synthetic/synthetic_landfills.gpkg")
    if os.path.exists(path):
        os.remove(path)
    out = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = out.CreateLayer("landfills", wgs, ogr.wkbUnknown, ["GEOMETRY_NAME=geom", "FID=fid"])
    types = {"status_year": ogr.OFTInteger, "area_ha": ogr.OFTReal, "volume_m3": ogr.OFTReal,
             "years_operated": ogr.OFTInteger}
    for name in FIELDS:
        lyr.CreateField(ogr.FieldDefn(name, types.get(name, ogr.OFTString)))
    for row, g in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in row.items():
            if v is not None:
                f.SetField(k, v)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    out = None
    print("%d sites written to %s" % (len(rows), path))


if __name__ == "__main__":
    main()
