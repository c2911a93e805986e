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
SENTINEL = b"previous good output\n"


def case(name, code, pattern, text=None, args=(), edit=None, prepare=None):
    return dict(name=name, code=code, pattern=pattern, text=text, args=args, edit=edit,
                prepare=prepare)


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


def run(c):
    tmp = tempfile.mkdtemp(prefix="gt_bad_")
    try:
        if c["prepare"]:
            c["prepare"](tmp)
        text = c["text"] if c["text"] is not None else BASE
        if c["edit"]:
            text = c["edit"](text)
        text = text.replace("source: data/", "source: %s/data/" % EX).replace("{TMP}", tmp)
        scen = os.path.join(tmp, "site.yaml")
        open(scen, "w", encoding="utf-8").write(text)
        out = os.path.join(tmp, "out.gpkg")
        open(out, "wb").write(SENTINEL)
        p = subprocess.run([BIN, "--quiet", "site", scen, "-o", out] + list(c["args"]),
                           capture_output=True, text=True)
        problems = []
        if p.returncode != c["code"]:
            problems.append("exit code %d, expected %d" % (p.returncode, c["code"]))
        if c["code"] != 0:
            if not re.search(c["pattern"], p.stderr):
                problems.append("message does not match /%s/" % c["pattern"])
            if open(out, "rb").read() != SENTINEL:
                problems.append("the previous output was changed")
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


ok = sum(run(c) for c in CASES)
print("%d passed, %d failed" % (ok, len(CASES) - ok))
sys.exit(0 if ok == len(CASES) else 1)
