#!/usr/bin/python3
"""Bad input: each case must fail with its documented exit code and a clear
message naming the file, layer, field or scenario line, and must leave the
previous output untouched (atomic writes) and no temporary file behind.
Also one good case that reads a Geofabrik-style OSM shapefile.
Usage: run_bad.py GISTOOL SOURCE_DIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from osgeo import gdal, ogr

gdal.UseExceptions()

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EX = os.path.join(SRC, "examples", "ninh-binh")
BASE = open(os.path.join(EX, "site.yaml"), encoding="utf-8").read()
RANK = open(os.path.join(EX, "rank.yaml"), encoding="utf-8").read()
RANK_CSV = RANK.replace("  source: data/synthetic/synthetic_landfills.gpkg\n", "  source: {TMP}/inv.csv\n")
CSV_HEAD = "site_id,name,type,status,status_year,area_ha,volume_m3,waste_type,lon,lat\n"
CSV_OK = (CSV_HEAD + "T-1,Test dump 1,spontaneous_dump,operating,,,500,household,105.95,20.25\n"
          "T-2,Test landfill 2,unsanitary_landfill,closed,2024,1.5,45000,mixed,106.10,20.35\n"
          "T-3,Test landfill 3,unsanitary_landfill,,,,,,106.20,20.15\n")
SENTINEL = b"previous good output\n"


def case(name, code, pattern, text=None, args=(), edit=None, prepare=None, cmd="site",
         csv=None):
    return dict(name=name, code=code, pattern=pattern, text=text, args=args, edit=edit,
                prepare=prepare, cmd=cmd, csv=csv)


def rank_case(name, code, pattern, csv):
    return case(name, code, pattern, text=RANK_CSV, cmd="rank", csv=csv)


def sub(old, new):
    def f(t):
        assert old in t, "test setup: '%s' not in the scenario" % old
        return t.replace(old, new, 1)
    return f


def no_crs(tmp):
    # The parcels as a shapefile without .prj: no CRS.
    out = os.path.join(tmp, "parcels_nocrs.shp")
    gdal.VectorTranslate(out, os.path.join(EX, "data/synthetic/synthetic_parcels.gpkg"),
                         format="ESRI Shapefile", layerCreationOptions=["ENCODING=UTF-8"])
    os.remove(os.path.join(tmp, "parcels_nocrs.prj"))


def parcels_like(tmp, name, keep):
    # A copy of the parcels as name.gpkg, each feature passed through
    # keep(feature), which returns False to leave it out.
    src = ogr.Open(os.path.join(EX, "data/synthetic/synthetic_parcels.gpkg"))
    lyr = src.GetLayer(0)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(os.path.join(tmp, name + ".gpkg"))
    out = ds.CreateLayer("parcels", lyr.GetSpatialRef(), lyr.GetGeomType())
    for i in range(lyr.GetLayerDefn().GetFieldCount()):
        out.CreateField(lyr.GetLayerDefn().GetFieldDefn(i))
    for f in lyr:
        if keep(f):
            g = ogr.Feature(out.GetLayerDefn())
            g.SetFrom(f)
            out.CreateFeature(g)
    ds = None


def null_geometries(f):
    f.SetGeometryDirectly(None)
    return True


PARCELS = "source: data/synthetic/synthetic_parcels.gpkg"
RIVER_RULE = ("  extra:\n    - id: river-slope\n      layer: rivers\n      max_slope_pct: 20\n"
              "      source: x\n")


OSM = os.path.join(SRC, "tests", "data", "osm")
CASES = [
    case("missing-file", 20, r"layers\.roads .*cannot open '.*nosuch\.gpkg': no such file",
         edit=sub("ninhbinh2025_national_roads.gpkg\n    where", "nosuch.gpkg\n    where")),
    case("unknown-layer", 21, r"study_area .*has no layer 'provinec' \(it has: .*'province'",
         edit=sub("  layer: province\n", "  layer: provinec\n")),
    case("missing-field", 22, r"layers\.parcels\.id_field .*site\.yaml:\d+\).*no field 'parcel_no'",
         edit=sub("id_field: parcel_id\n", "id_field: parcel_no\n")),
    case("layer-without-crs", 23, r"layers\.parcels .*has no CRS; give it in the scenario",
         edit=sub("source: data/synthetic/synthetic_parcels.gpkg", "source: {TMP}/parcels_nocrs.shp"),
         prepare=no_crs),
    case("yaml-syntax", 10, r"site\.yaml:\d+:\d+: YAML syntax error",
         edit=sub("resolution_m: 50", "resolution_m: 50\nbad: [1, 2")),
    case("unknown-key", 10, r"site\.yaml:\d+:1: resolutoin_m: unknown key",
         edit=sub("resolution_m: 50", "resolution_m: 50\nresolutoin_m: 5")),
    case("ahp-not-reciprocal", 41, r"weights\.ahp.*not reciprocal: row 1, column 2 is 2, so row 2, column 1 must be 1/2",
         edit=sub("- [1/2, 1,   2,   3,   3]", "- [0.3, 1,   2,   3,   3]")),
    case("ahp-inconsistent", 40, r"consistency ratio CR = 0\.\d+ is not below the limit 0\.10.*furthest from the weights",
         edit=lambda t: t.replace("- [1,   2,   3,   5,   4]", "- [1,   1/9, 3,   5,   4]")
                          .replace("- [1/2, 1,   2,   3,   3]", "- [9,   1,   2,   3,   3]")),
    case("empty-study-area", 24, r"study_area .*no features \(empty study area\)",
         edit=sub("  layer: province\n", "  layer: province\n  where: \"1 = 0\"\n")),
    case("disjoint-extent", 24, r"layers\.roads .*disjoint extents",
         edit=sub("  roads:\n    source: data/real/ninhbinh2025_national_roads.gpkg\n    where: \"loai_duong <> 'Đường sắt'\"\n",
                  "  roads:\n    source: %s/gis_osm_roads_free_1.shp\n" % OSM)),
    case("geographic-crs", 23, r"crs: 'EPSG:4326' is not a projected \(metric\) CRS",
         edit=sub("crs: EPSG:32648", "crs: EPSG:4326")),
    case("unknown-option", 2, r"unknown option '--frobnicate'", args=("--frobnicate",)),
    case("unknown-rule-disabled", 10, r"constraints\.disable: no rule 'no-such-rule' in profile 'vn-qcvn-01-2025'",
         edit=sub("profile: vn-qcvn-01-2025", "profile: vn-qcvn-01-2025\n  disable: [no-such-rule]")),
    # A layer is read as a DEM or as vectors, never both: a slope rule or
    # factor on a vector layer is a scenario error naming it.
    case("slope-rule-on-vector-layer", 10,
         r"rule river-slope \(.*site\.yaml:\d+\): max_slope_pct needs a DEM \(raster\) layer, "
         r"but layer 'rivers' is vector data \(factor 'river_distance' reads it as features\)",
         edit=sub("  extra:\n", RIVER_RULE)),
    case("slope-rule-on-second-dem", 10,
         r"rule dem2-slope \(.*site\.yaml:\d+\): max_slope_pct reads layer 'dem2', but the run's DEM "
         r"is layer 'dem' \(from factor 'slope'\); a run has one DEM",
         edit=lambda t: sub("  extra:\n", "  extra:\n    - {id: dem2-slope, layer: dem2, max_slope_pct: 20, "
                            "source: x}\n")(sub("  parcels:\n", "  dem2:\n    source: "
                                                "data/synthetic/synthetic_dem.tif\n  parcels:\n")(t))),
    case("slope-factor-on-vector-layer", 10,
         r"factors\.slope: slope needs a DEM \(raster\) layer, but layer 'rivers' is vector data",
         edit=sub("    layer: dem\n", "    layer: rivers\n")),
    # No parcels left: an error, not an empty ranking.
    case("no-parcels-filter", 24, r"layers\.parcels \(.*site\.yaml:\d+\): no parcels remain after "
         r"the filter '1 = 0'", edit=sub("    id_field: parcel_id\n", "    id_field: parcel_id\n"
                                          "    where: \"1 = 0\"\n")),
    case("no-parcels-empty-layer", 24, r"layers\.parcels \(.*site\.yaml:\d+\): no parcels remain",
         edit=sub(PARCELS, "source: {TMP}/empty.gpkg"),
         prepare=lambda tmp: parcels_like(tmp, "empty", lambda f: False)),
    case("no-parcels-null-geometries", 24, r"layers\.parcels \(.*site\.yaml:\d+\): no parcels remain",
         edit=sub(PARCELS, "source: {TMP}/nullgeom.gpkg"),
         prepare=lambda tmp: parcels_like(tmp, "nullgeom", null_geometries)),
    # Numbers must be finite, fractions included; a grid too large is refused.
    case("resolution-inf-fraction", 10, r"site\.yaml:\d+:\d+: resolution_m: expected a finite number, "
         r"got 'inf/1'", edit=sub("resolution_m: 50", "resolution_m: inf/1")),
    case("cr-limit-nan-fraction", 10, r"site\.yaml:\d+:\d+: weights\.ahp\.cr_limit: expected a finite "
         r"number, got 'nan/1'", edit=sub("cr_limit: 0.10", "cr_limit: nan/1")),
    case("min-score-division-by-zero", 10, r"site\.yaml:\d+:\d+: regions\.min_score: expected a finite "
         r"number, got '1/0'", edit=sub("min_score: 0.6", "min_score: 1/0")),
    case("grid-too-large", 10, r"site\.yaml: resolution_m = 0\.0001 gives a \d+ x \d+ grid \(at most "
         r"\d+ cells\); use a coarser resolution", edit=sub("resolution_m: 50", "resolution_m: 0.0001")),
    case("set-invalid-yaml", 2, r"--set 'resolution_m=\[': the value is not valid YAML",
         args=("--set", "resolution_m=[")),
    # A filter GDAL refuses is an error, not an empty layer.
    case("where-unknown-column", 22, r"layers\.parcels\.where \(.*site\.yaml:\d+\): filter "
         r"'nosuch = 1' is not valid for layer 'parcels' of '.*synthetic_parcels\.gpkg' \(GDAL: .*\)",
         edit=sub("    id_field: parcel_id\n", "    id_field: parcel_id\n    where: \"nosuch = 1\"\n")),
    case("where-syntax-error", 22, r"layers\.roads\.where \(.*site\.yaml:\d+\): filter "
         r"'loai_duong <> ' is not valid for layer 'national_roads' .*\(GDAL: .*\)",
         edit=sub("  roads:\n    source: data/real/ninhbinh2025_national_roads.gpkg\n"
                  "    where: \"loai_duong <> 'Đường sắt'\"\n",
                  "  roads:\n    source: data/real/ninhbinh2025_national_roads.gpkg\n"
                  "    where: \"loai_duong <> \"\n")),
    case("where-study-area", 22, r"study_area\.where \(.*site\.yaml:\d+\): filter 'nosuch = 1' is "
         r"not valid for layer 'province'",
         edit=sub("  layer: province\n", "  layer: province\n  where: \"nosuch = 1\"\n")),
    case("where-shapefile", 22, r"layers\.roads\.where \(.*site\.yaml:\d+\): filter 'nosuch = 1' is "
         r"not valid for layer 'gis_osm_roads_free_1'",
         edit=sub("  roads:\n    source: data/real/ninhbinh2025_national_roads.gpkg\n"
                  "    where: \"loai_duong <> 'Đường sắt'\"\n",
                  "  roads:\n    source: %s/gis_osm_roads_free_1.shp\n    where: \"nosuch = 1\"\n"
                  % OSM)),
    case("where-inventory", 22, r"inventory\.where \(.*site\.yaml:\d+\): filter 'nosuch = 1' is not "
         r"valid for layer", text=RANK, cmd="rank",
         edit=sub("  id_field: site_id\n", "  id_field: site_id\n  where: \"nosuch = 1\"\n")),
    case("where-inventory-csv", 22, r"inventory\.where \(.*site\.yaml:\d+\): filter 'nosuch = 1' "
         r"is not valid for layer 'inv'", text=RANK_CSV, cmd="rank", csv=CSV_OK,
         edit=sub("  source: {TMP}/inv.csv\n", "  source: {TMP}/inv.csv\n  where: \"nosuch = 1\"\n")),
    rank_case("rank-csv-good", 0, r"", CSV_OK),
    rank_case("rank-site-outside-area", 24, r"site T-9 lies outside the study area",
              CSV_OK + "T-9,Far away,spontaneous_dump,operating,,,100,household,106.70,10.10\n"),
    rank_case("rank-duplicate-id", 22, r"site id 'T-2' appears twice",
              CSV_OK + "T-2,Again,spontaneous_dump,operating,,,100,household,106.0,20.3\n"),
    rank_case("rank-unknown-status", 22, r"site T-4: status 'abandoned' is not one of: operating, closed, remediating, remediated",
              CSV_OK + "T-4,X,spontaneous_dump,abandoned,,,100,household,106.0,20.3\n"),
    rank_case("rank-negative-volume", 22, r"site T-5: volume_m3 is negative \(-20\)",
              CSV_OK + "T-5,X,spontaneous_dump,operating,,,-20,household,106.0,20.3\n"),
    rank_case("rank-no-geometry", 25, r"inventory .*has no geometry column \(a CSV needs lon and lat",
              "site_id,name,type\nT-1,X,spontaneous_dump\n"),
    rank_case("rank-bad-coordinates", 25, r"site T-6: lat is missing or not a number",
              CSV_OK + "T-6,X,spontaneous_dump,operating,,,100,household,106.0,20.3x\n"),
    rank_case("rank-coordinates-out-of-range", 25, r"site T-7: lat 95 is not a valid coordinate \(-90 to 90\)",
              CSV_OK + "T-7,X,spontaneous_dump,operating,,,100,household,106.0,95\n"),
    rank_case("rank-site-scenario", 2, r"is a landfill-ranking scenario", None),
    case("osm-geofabrik-shapefile", 0, r"", text="""
name: OSM schema check
crs: EPSG:32648
resolution_m: 100
study_area: {source: %s/bentre_area.geojson}
layers:
  roads: {source: %s/gis_osm_roads_free_1.shp, class_field: fclass, classes: [secondary, tertiary]}
factors:
  road_access: {layer: roads, measure: distance, fuzzy: {shape: linear, c: 500, d: 5000}}
weights: {direct: {road_access: 1}}
outputs: {gpkg: out.gpkg}
""" % (OSM, OSM)),
]


# Real inventories: the fixtures of tests/data/inventory (make_fixtures.py),
# or a copy of one with a bad cell written by `prepare`.
INV = os.path.join(SRC, "tests", "data", "inventory")


def rank_fixture(name, code, pattern, source, layer=None, prepare=None, values=""):
    extra = "  layer: %s\n" % layer if layer else ""
    text = RANK.replace("  source: data/synthetic/synthetic_landfills.gpkg\n",
                        "  source: %s\n%s" % (source, extra)) + values
    return case(name, code, pattern, text=text, cmd="rank", prepare=prepare)


def sheet_with(fixture, fid, field, value):
    def prepare(tmp):
        out = os.path.join(tmp, fixture)
        shutil.copy(os.path.join(INV, fixture), out)
        ds = ogr.Open(out, 1)
        lyr = ds.GetLayer(0)
        f = lyr.GetFeature(fid)
        f.SetField(field, value)
        lyr.SetFeature(f)
        ds = None
    return prepare


CASES += [
    rank_fixture("rank-swapped-columns", 25,
                 r"columns lon/lat look swapped: site NB-SD-001 has lon 20\.1491, lat 106\.005.*\n"
                 r"inventory: 5 bad rows; nothing was ranked:\n"
                 r"  row 2: site NB-SD-001: lat 106,004701 is not a valid coordinate \(-90 to 90\)",
                 INV + "/swapped.csv"),
    rank_fixture("rank-every-row-bad", 22,
                 r"inventory: 24 bad rows; nothing was ranked:\n"
                 r"  row 2: site BAD-00: type 'Bãi rác không rõ loại' is not one of: .*\n"
                 r"  row 3: site BAD-01: area_ha '1,5 ha' is not a number\n"
                 r"  row 4: site BAD-02: volume_m3 is negative \(-20\).*\n"
                 r"  row 5: site id 'BAD-00' appears twice.*\n"
                 r"  row 6: site BAD-04: status 'Bỏ hoang' is not one of(.|\n)*\n  and 12 more$",
                 INV + "/all_bad.csv"),
    rank_fixture("rank-xlsx-bad-value", 22,
                 r"inventory: site NB-SD-003: status 'Bỏ hoang' is not one of: .* \(row 4\); "
                 r"nothing was ranked",
                 "{TMP}/inventory.xlsx", prepare=sheet_with("inventory.xlsx", 4, "status", "Bỏ hoang")),
    rank_fixture("rank-ods-bad-coordinate", 25,
                 r"inventory: site NB-SD-002: lon is missing or not a number \('105;9'\) \(row 3\)",
                 "{TMP}/inventory.ods", prepare=sheet_with("inventory.ods", 3, "Kinh độ", "105;9")),
    rank_fixture("rank-unknown-code-in-values", 10,
                 r"\.yaml:\d+:\d+: inventory_values\.type\..*'landfill' is not a type code",
                 INV + "/inventory.xlsx",
                 values='inventory_values:\n  type: {"Bãi rác": landfill}\n'),
    rank_fixture("rank-unmapped-value", 22,
                 r"inventory: 14 bad rows.*\n  row 2: site NB-SD-001: type 'Bãi rác tự phát' is not one of",
                 INV + "/inventory_semicolon.csv",
                 values='inventory_values:\n  type: {"Bãi chôn lấp không hợp vệ sinh": unsanitary_landfill}\n'),
    # The good CSV as a Vietnamese sheet: ';', decimal commas, values
    # without their marks (matched when the scenario asks).
    case("rank-semicolon-values-without-marks", 0, r"", cmd="rank",
         text=RANK_CSV + "inventory_values:\n  ignore_diacritics: true\n",
         csv=CSV_OK.replace(",", ";").replace("105.95", "105,95").replace("20.25", "20,25")
         .replace("T-1;Test dump 1;spontaneous_dump;operating",
                  "T-1;Test dump 1;Bai rac tu phat;Dang hoat dong")),
]


def run(c):
    tmp = tempfile.mkdtemp(prefix="gt_bad_")
    try:
        if c["prepare"]:
            c["prepare"](tmp)
        text = c["text"] if c["text"] is not None else BASE
        if c["edit"]:
            text = c["edit"](text)
        text = text.replace("source: data/", "source: %s/data/" % EX).replace("{TMP}", tmp)
        if c["csv"] is not None:
            open(os.path.join(tmp, "inv.csv"), "w", encoding="utf-8").write(c["csv"])
        scen = os.path.join(tmp, "site.yaml")
        open(scen, "w", encoding="utf-8").write(text)
        out = os.path.join(tmp, "out.gpkg")
        open(out, "wb").write(SENTINEL)
        cmd = c["cmd"]
        extra = ["--csv", os.path.join(tmp, "out.csv")] if cmd == "rank" else []
        if c["name"] == "rank-site-scenario":  # a rank scenario given to `site`
            cmd, extra = "site", []
        p = subprocess.run([BIN, "--quiet", cmd, scen, "-o", out] + extra + list(c["args"]),
                           capture_output=True, text=True)
        problems = []
        if p.returncode != c["code"]:
            problems.append("exit code %d, expected %d" % (p.returncode, c["code"]))
        if c["code"] != 0:
            if not re.search(c["pattern"], p.stderr):
                problems.append("message does not match /%s/" % c["pattern"])
            if open(out, "rb").read() != SENTINEL:
                problems.append("the previous output was changed")
        elif c["cmd"] == "rank":
            ds = ogr.Open(out)
            if ds is None or ds.GetLayerByName("landfills").GetFeatureCount() != 3:
                problems.append("no valid output written")
            if not os.path.exists(os.path.join(tmp, "out.csv")):
                problems.append("no CSV written")
            # T-3 gives only its id, name, type and position: the profile's
            # conservative defaults fill the rest, and each is listed.
            t3 = {f.GetField("site_id"): f for f in ds.GetLayerByName("landfills")}["T-3"]
            want = {"status": "operating", "waste_type": "mixed", "liner": "no", "cover": "none",
                    "leachate": "unknown", "burning": "unknown", "area_ha": 1.0,
                    "volume_m3": 30000.0,
                    "missing_fields": "status;waste_type;liner;cover;leachate;burning;"
                                      "years_operated;area_ha;volume_m3"}
            for k, v in want.items():
                if t3.GetField(k) != v:
                    problems.append("T-3 %s = %r, expected %r" % (k, t3.GetField(k), v))
        else:
            ds = ogr.Open(out)
            if ds is None or gdal.Open("GPKG:%s:suitability" % out) is None:
                problems.append("no valid output written")
        left = [f for f in os.listdir(tmp) if ".tmp-" in f]
        if left:
            problems.append("temporary files left: %s" % left)
        status = "ok" if not problems else "FAIL: " + "; ".join(problems)
        print("%-26s %s" % (c["name"], status))
        if problems:
            print("    stderr: " + p.stderr.strip().replace("\n", "\n            "))
        return not problems
    finally:
        shutil.rmtree(tmp)


# --- gistool network ---------------------------------------------------------
# The example network scenario with the treatment sites and the station
# candidates taken from the landfill inventory (no site run needed).
NET = open(os.path.join(EX, "network.yaml"), encoding="utf-8").read()
NET = NET.replace("treatment:\n  site_run: out/ninh-binh-site.gpkg", "treatment:\n  layer: landfills")
NET = re.sub(r"  candidates: \{site_run: [^}]*\}", "  candidates: {layer: landfills}", NET)
NET = NET.replace("layers:\n", "layers:\n  landfills:\n    source: data/synthetic/synthetic_landfills.gpkg\n"
                  "    id_field: site_id\n", 1)
NET = NET.replace("  maps: true", "  maps: false")
NET_ROADS = ("    source: data/real/ninhbinh2025_national_roads.gpkg\n"
             "    class_field: cap_duong            # Quốc Gia / Cấp Tỉnh: speeds from road-speeds.yaml\n"
             "    where: \"loai_duong <> 'Đường sắt'\"\n")
assert NET_ROADS in NET and "layer: landfills" in NET and "{layer: landfills}" in NET


def far_roads(tmp):
    # One road at the Gulf of Guinea (0 N, 0 E): nowhere near the province.
    open(os.path.join(tmp, "far.geojson"), "w").write(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"LineString","coordinates":[[0,0],[0.1,0.1]]}}]}')


def net_case(name, code, pattern, args=(), edit=None, prepare=None):
    return dict(name=name, code=code, pattern=pattern, args=args, edit=edit, prepare=prepare)


NET_CASES = [
    net_case("network-roads-points", 25, r"layers\.roads: feature '\d+' is a Point; a road network "
             r"needs lines", edit=sub(NET_ROADS, "    source: data/synthetic/synthetic_water_supply.gpkg\n")),
    net_case("network-no-roads", 24, r"layers\.roads: none of its 1 features is within 30000 m of "
             r"the study area", edit=sub(NET_ROADS, "    source: {TMP}/far.geojson\n"),
             prepare=far_roads),
    net_case("network-access-limit", 24, r"demand: \d+ of 491 communes of layer 'communes' are "
             r"farther than network\.access_limit_m = 1000 m", args=("--set", "network.access_limit_m=1000")),
    net_case("network-p-too-large", 10, r"transfer_stations\.p: 500 transfer stations asked for, "
             r"but there are only \d+ candidates", args=("--set", "transfer_stations.p=500")),
    net_case("network-stations-flag", 2, r"--stations: 500 transfer stations asked for",
             args=("--stations", "500")),
    net_case("network-unknown-key", 10, r"network\.yaml:\d+:\d+: .*snapm", args=("--set", "network.snapm=5")),
    net_case("network-no-site-run", 20, r"treatment\.site_run: run `gistool site` first",
             edit=sub("treatment:\n  layer: landfills", "treatment:\n  site_run: {TMP}/none.gpkg")),
]


def run_network(c):
    tmp = tempfile.mkdtemp(prefix="gt-bad-net-")
    try:
        if c["prepare"]:
            c["prepare"](tmp)
        text = c["edit"](NET) if c["edit"] else NET
        text = text.replace("source: data/", "source: %s/data/" % EX).replace("{TMP}", tmp)
        scen = os.path.join(tmp, "network.yaml")
        open(scen, "w", encoding="utf-8").write(text)
        out = os.path.join(tmp, "out.gpkg")
        open(out, "wb").write(SENTINEL)
        p = subprocess.run([BIN, "--quiet", "network", scen, "-o", out] + list(c["args"]),
                           capture_output=True, text=True, cwd=tmp)
        problems = []
        if p.returncode != c["code"]:
            problems.append("exit code %d, expected %d" % (p.returncode, c["code"]))
        if not re.search(c["pattern"], p.stderr):
            problems.append("message does not match /%s/" % c["pattern"])
        if open(out, "rb").read() != SENTINEL:
            problems.append("the previous output was changed")
        left = [f for f in os.listdir(tmp) if ".tmp-" in f]
        if left:
            problems.append("temporary files left: %s" % left)
        print("%-26s %s" % (c["name"], "ok" if not problems else "FAIL: " + "; ".join(problems)))
        if problems:
            print("    stderr: " + p.stderr.strip().replace("\n", "\n            "))
        return not problems
    finally:
        shutil.rmtree(tmp)
# --- end of gistool network --------------------------------------------------


ok = sum(run(c) for c in CASES)
ok_net = sum(run_network(c) for c in NET_CASES)  # gistool network
print("%d passed, %d failed" % (ok + ok_net, len(CASES) + len(NET_CASES) - ok - ok_net))
sys.exit(0 if ok == len(CASES) and ok_net == len(NET_CASES) else 1)
