#!/usr/bin/python3
# generate.py: build the derived and synthetic layers of the Ninh Bình
# example province from the real layers in data/real/. Seeded: the same
# seed gives the same files. A development tool, not part of gistool.
# Run with Debian's Python and python3-gdal:
#     /usr/bin/python3 examples/ninh-binh/generate.py [--seed 394]
# SPDX-License-Identifier: MIT
#
# What is made (every file name says derived_ or synthetic_):
#   derived_landuse.gpkg       land use from real layers: urban_ward and
#                              township communes (by commune type), water
#                              (river lines buffered), protected (heritage),
#                              the rest agricultural
#   synthetic_residential.gpkg residential works: the urban communes, plus
#                              village clusters placed in each rural commune,
#                              one per ~2500 inhabitants of its 2009 census
#   synthetic_water_supply.gpkg groundwater wells and surface-water intakes
#   synthetic_flood_zone.gpkg  flood-prone corridors along the main rivers
#   synthetic_dem.tif          3 arc-second DEM (EPSG:4326, like SRTM): a
#                              delta plain rising to the north-west with
#                              karst towers in the west
#   synthetic_parcels.gpkg     candidate parcels (rectangles, 3-40 ha), two
#                              of them deliberately invalid (self-crossing)
import argparse
import math
import os
import random

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "data", "real")
DERIVED = os.path.join(HERE, "data", "derived")
SYNTH = os.path.join(HERE, "data", "synthetic")

WGS84 = osr.SpatialReference()
WGS84.ImportFromEPSG(4326)
WGS84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
UTM = osr.SpatialReference()
UTM.ImportFromEPSG(32648)
UTM.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
TO_UTM = osr.CoordinateTransformation(WGS84, UTM)
TO_WGS = osr.CoordinateTransformation(UTM, WGS84)


def read(path, layer):
    ds = ogr.Open(path)
    lyr = ds.GetLayerByName(layer)
    out = []
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        g.Transform(TO_UTM)
        out.append(({k: f.GetField(k) for k in f.keys()}, g))
    return out


def writer(path, layer, srs, gtype, fields):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs, gtype, ["GEOMETRY_NAME=geom", "FID=fid"])
    for name, t in fields:
        lyr.CreateField(ogr.FieldDefn(name, t))
    return ds, lyr


def add(lyr, attrs, geom, srs_is_wgs):
    f = ogr.Feature(lyr.GetLayerDefn())
    for k, v in attrs.items():
        f.SetField(k, v)
    g = geom.Clone()
    if srs_is_wgs:
        g.Transform(TO_WGS)
    f.SetGeometry(g)
    lyr.CreateFeature(f)


def random_point_in(rng, geom, tries=2000):
    x0, x1, y0, y1 = geom.GetEnvelope()
    for _ in range(tries):
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(rng.uniform(x0, x1), rng.uniform(y0, y1))
        if geom.Contains(p):
            return p
    return geom.PointOnSurface()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=394)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(DERIVED, exist_ok=True)
    os.makedirs(SYNTH, exist_ok=True)

    province = read(os.path.join(REAL, "ninhbinh2025_admin.gpkg"), "province")[0][1]
    communes = read(os.path.join(REAL, "ninhbinh2025_census2009.gpkg"), "communes_2009")
    rivers = read(os.path.join(REAL, "ninhbinh2025_rivers_wdbii.gpkg"), "rivers_wdbii")
    heritage = read(os.path.join(REAL, "ninhbinh2025_heritage.gpkg"), "heritage")

    def commune_type(a):
        name = a["commune_vn"] or ""
        if name.startswith("Phường"):
            return "urban_ward"
        if name.startswith("Thị trấn"):
            return "township"
        return "rural"

    # --- derived land use -------------------------------------------------
    ds, lyr = writer(os.path.join(DERIVED, "derived_landuse.gpkg"), "landuse", UTM,
                     ogr.wkbMultiPolygon, [("class", ogr.OFTString), ("origin", ogr.OFTString)])
    for a, g in communes:
        t = commune_type(a)
        cls = "agricultural" if t == "rural" else t
        add(lyr, {"class": cls, "origin": "commune %s (%s)" % (a["commune_vn"], t)},
            ogr.ForceToMultiPolygon(g), False)
    for a, g in rivers:
        width = 150.0 if a["wdb_level"] == 0 else 60.0
        add(lyr, {"class": "water", "origin": "river buffer %g m (WDB II level %d)"
                  % (width, a["wdb_level"])}, ogr.ForceToMultiPolygon(g.Buffer(width, 4)), False)
    for a, g in heritage:
        add(lyr, {"class": "protected", "origin": a["Ten"]}, ogr.ForceToMultiPolygon(g), False)
    ds = None

    # --- synthetic residential works --------------------------------------
    ds, lyr = writer(os.path.join(SYNTH, "synthetic_residential.gpkg"), "residential", UTM,
                     ogr.wkbMultiPolygon, [("kind", ogr.OFTString), ("commune", ogr.OFTString),
                                           ("population", ogr.OFTInteger)])
    n_villages = 0
    for a, g in communes:
        t = commune_type(a)
        pop = int(a["population"] or 0)
        if t != "rural":
            add(lyr, {"kind": t, "commune": a["commune_vn"], "population": pop},
                ogr.ForceToMultiPolygon(g), False)
            continue
        n = max(1, round(pop / 2500.0)) if pop > 0 else 0
        for _ in range(n):
            p = random_point_in(rng, g)
            r = rng.uniform(120.0, 260.0)
            village = p.Buffer(r, 2).Intersection(g)
            if village.IsEmpty():
                continue
            add(lyr, {"kind": "village", "commune": a["commune_vn"], "population": pop // n},
                ogr.ForceToMultiPolygon(village), False)
            n_villages += 1
    ds = None

    # --- synthetic water supply: wells and intakes ------------------------
    ds, lyr = writer(os.path.join(SYNTH, "synthetic_water_supply.gpkg"), "water_supply", WGS84,
                     ogr.wkbPoint, [("supply_id", ogr.OFTString), ("kind", ogr.OFTString),
                                    ("capacity_m3_day", ogr.OFTInteger)])
    k = 0
    for _ in range(45):
        a, g = communes[rng.randrange(len(communes))]
        k += 1
        add(lyr, {"supply_id": "W%03d" % k, "kind": "groundwater_well",
                  "capacity_m3_day": rng.choice([500, 1000, 2000, 5000])},
            random_point_in(rng, g), True)
    for _ in range(15):
        a, g = rivers[rng.randrange(len(rivers))]
        line = g.GetGeometryRef(0) if g.GetGeometryCount() else g
        i = rng.randrange(line.GetPointCount())
        p = ogr.Geometry(ogr.wkbPoint)
        p.AddPoint_2D(line.GetX(i), line.GetY(i))
        if not province.Contains(p):
            continue
        k += 1
        add(lyr, {"supply_id": "W%03d" % k, "kind": "surface_intake",
                  "capacity_m3_day": rng.choice([5000, 10000, 20000])}, p, True)
    ds = None

    # --- synthetic flood zone ---------------------------------------------
    ds, lyr = writer(os.path.join(SYNTH, "synthetic_flood_zone.gpkg"), "flood_zone", UTM,
                     ogr.wkbMultiPolygon, [("zone", ogr.OFTString), ("return_period_yr", ogr.OFTInteger)])
    for a, g in rivers:
        if a["wdb_level"] not in (0, 3):
            continue
        lines = [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())] or [g]
        parts = ogr.Geometry(ogr.wkbMultiPolygon)
        for line in lines:
            for i in range(0, line.GetPointCount(), 3):
                c = ogr.Geometry(ogr.wkbPoint)
                c.AddPoint_2D(line.GetX(i), line.GetY(i))
                width = rng.uniform(800.0, 2200.0) if a["wdb_level"] == 0 else rng.uniform(400.0, 1200.0)
                parts = parts.Union(c.Buffer(width, 4))
        zone = parts.Intersection(province)
        if not zone.IsEmpty():
            add(lyr, {"zone": "river corridor (WDB II level %d)" % a["wdb_level"],
                      "return_period_yr": 10}, ogr.ForceToMultiPolygon(zone), False)
    ds = None

    # --- synthetic DEM (EPSG:4326, 3 arc-seconds, Int16 metres) ----------
    res = 1.0 / 1200.0
    lon0, lat1, lon1, lat0 = 105.50, 20.75, 106.65, 19.85
    w, h = int(round((lon1 - lon0) / res)), int(round((lat1 - lat0) / res))
    towers = []
    for _ in range(900):  # karst towers of Tràng An, Tam Điệp, Nho Quan, Kim Bảng
        if rng.random() < 0.75:
            lon, lat = rng.uniform(105.55, 105.98), rng.uniform(20.05, 20.40)
        else:
            lon, lat = rng.uniform(105.78, 105.98), rng.uniform(20.45, 20.65)
        towers.append((lon, lat, rng.uniform(40.0, 220.0), rng.uniform(0.002, 0.010)))
    import array
    data = array.array("h", [0]) * (w * h)
    cell = int(0.03 / res)  # bucket towers for speed
    buckets = {}
    for t in towers:
        buckets.setdefault((int((t[0] - lon0) / res) // cell, int((lat1 - t[1]) / res) // cell), []).append(t)
    for r in range(h):
        lat = lat1 - (r + 0.5) * res
        for c in range(w):
            lon = lon0 + (c + 0.5) * res
            # plain: ~1 m at the coast (south-east) to ~12 m in the north-west
            z = 1.0 + 11.0 * max(0.0, min(1.0, ((lat - 19.85) / 0.9 + (106.65 - lon) / 1.15) / 2.0))
            bx, by = c // cell, r // cell
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for (tl, tt, th, ts) in buckets.get((bx + dx, by + dy), ()):
                        d2 = (lon - tl) ** 2 + (lat - tt) ** 2
                        if d2 < 9 * ts * ts:
                            z += th * math.exp(-d2 / (2 * ts * ts))
            data[r * w + c] = int(round(z))
    path = os.path.join(SYNTH, "synthetic_dem.tif")
    dem = gdal.GetDriverByName("GTiff").Create(path, w, h, 1, gdal.GDT_Int16,
                                               ["COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES"])
    dem.SetGeoTransform((lon0, res, 0, lat1, 0, -res))
    dem.SetSpatialRef(WGS84)
    band = dem.GetRasterBand(1)
    band.SetNoDataValue(-32768)
    band.WriteRaster(0, 0, w, h, data.tobytes())
    band.SetDescription("synthetic elevation (m), gistool example; not real terrain")
    dem = None

    # --- synthetic candidate parcels --------------------------------------
    ds, lyr = writer(os.path.join(SYNTH, "synthetic_parcels.gpkg"), "parcels", WGS84,
                     ogr.wkbMultiPolygon, [("parcel_id", ogr.OFTString), ("commune", ogr.OFTString),
                                           ("note", ogr.OFTString)])
    placed = []
    k = 0
    while k < 400:
        p = random_point_in(rng, province)
        area = rng.uniform(3.0, 40.0) * 1e4
        aspect = rng.uniform(1.0, 2.5)
        wd, ht = math.sqrt(area * aspect), math.sqrt(area / aspect)
        ang = rng.uniform(0, math.pi)
        ring = ogr.Geometry(ogr.wkbLinearRing)
        corners = [(-wd / 2, -ht / 2), (wd / 2, -ht / 2), (wd / 2, ht / 2), (-wd / 2, ht / 2)]
        note = ""
        if k in (17, 233):  # a self-crossing "bow tie", as cadastral data sometimes has
            corners = [corners[0], corners[1], corners[3], corners[2]]
            note = "deliberately invalid (self-crossing) to test repair"
        for (x, y) in corners + [corners[0]]:
            ring.AddPoint_2D(p.GetX() + x * math.cos(ang) - y * math.sin(ang),
                             p.GetY() + x * math.sin(ang) + y * math.cos(ang))
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        test = poly if poly.IsValid() else poly.ConvexHull()
        if not province.Contains(test) or any(test.Intersects(q) for q in placed):
            continue
        placed.append(test)
        k += 1
        commune = next((a["commune_vn"] for a, g in communes if g.Contains(p)), None)
        add(lyr, {"parcel_id": "P%04d" % k, "commune": commune, "note": note},
            ogr.ForceToMultiPolygon(poly), True)
    ds = None
    print("villages: %d, parcels: %d, DEM %d x %d" % (n_villages, k, w, h))


if __name__ == "__main__":
    main()
