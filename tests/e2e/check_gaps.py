#!/usr/bin/python3
"""Missing data is visible, never silent: the example province run without
a DEM, without wells, with an empty layer, and checked before a run.
- site without a DEM (`--set layers.dem=null`): the slope factor is dropped,
  the other weights renormalised in proportion (run_weights, run_info), a
  data_gaps row records the weight before and after; the HTML report and
  the map sheet (both languages) name the gap;
- a layer with nothing after its filter: its rule is applied, 0 ha;
- rank without wells: every site's groundwater linkage takes the worst case,
  is at least as high as with the wells, and says so in `worst_case`;
- `gistool check` lists the gaps before a run.
Usage: check_gaps.py GISTOOL SOURCE_DIR"""
import os
import shutil
import subprocess
import sys
import tempfile

from osgeo import ogr

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EX = os.path.join(SRC, "examples", "ninh-binh")
fails = []


def check(name, ok, detail=""):
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else ": " + str(detail)))
    if not ok:
        fails.append(name)


def run(*args):
    p = subprocess.run([BIN] + list(args), capture_output=True, text=True)
    if p.returncode:
        print(p.stderr)
    return p


def rows(path, sql):
    ds = ogr.Open(path)
    lyr = ds.ExecuteSQL(sql)
    out = [dict(f.items()) for f in lyr]
    ds.ReleaseResultSet(lyr)
    return out


def info(path, key):
    r = rows(path, "SELECT value FROM run_info WHERE key = '%s'" % key)
    return r[0]["value"] if r else None


tmp = tempfile.mkdtemp(prefix="gt_gaps_")
try:
    site = os.path.join(EX, "site.yaml")
    base, nodem = os.path.join(tmp, "base.gpkg"), os.path.join(tmp, "nodem.gpkg")
    check("site runs", run("--quiet", "site", site, "-o", base).returncode == 0)
    p = run("site", site, "--set", "layers.dem=null", "-o", nodem)
    check("site without a DEM runs", p.returncode == 0, p.returncode)
    check("the log warns of the gap", "data gap: factor slope: layer 'dem' declared absent" in p.stderr)
    gaps = {r["item"]: r for r in rows(nodem, "SELECT * FROM data_gaps")}
    w0 = {r["factor"]: r["weight"] for r in rows(base, "SELECT factor, weight FROM run_weights")}
    w1 = {r["factor"]: r["weight"] for r in rows(nodem, "SELECT factor, weight FROM run_weights")}
    g = gaps.get("slope", {})
    check("data_gaps: slope dropped", g.get("item_type") == "factor" and g.get("layer") == "dem"
          and g.get("gap") == "declared_absent" and g.get("consequence") == "factor_dropped", g)
    check("data_gaps: weight before and after",
          abs(g.get("weight_before", -1) - w0["slope"]) < 1e-9 and g.get("weight_after") == 0, g)
    check("run_weights without slope", "slope" not in w1 and len(w1) == len(w0) - 1, w1)
    kept = 1 - w0["slope"]
    check("weights renormalised in proportion",
          all(abs(w1[k] - w0[k] / kept) < 1e-9 for k in w1) and abs(sum(w1.values()) - 1) < 1e-9,
          (w0, w1))
    check("run_info data_gaps", (info(nodem, "data_gaps") or "").startswith("4: ")
          and "factor slope (declared_absent, factor_dropped)" in info(nodem, "data_gaps"))
    check("run_info weight.slope gone", info(nodem, "weight.slope") is None)
    ds = ogr.Open(nodem)
    fields = [d.GetName() for d in ds.GetLayerByName("parcels").schema]
    ds = None
    check("parcels without f_slope", "f_slope" not in fields and "f_remoteness" in fields, fields)
    check("example without gaps in factors",
          {r["item_type"] for r in rows(base, "SELECT item_type FROM data_gaps")} == {"rule"})
    # The report and the map sheet read the gaps from the run.
    # Each in the reader's language: the factor's name and the weight's
    # decimal comma (vi) or point (en).
    for lang, words, factor, weight, short in (
            ("vi", "Dữ liệu còn thiếu", "tiêu chí độ dốc", "0,0824", "độ dốc"),
            ("en", "Missing data", "factor slope", "0.0824", "slope")):
        html = os.path.join(tmp, "nodem-%s.html" % lang)
        check("report (%s) runs" % lang,
              run("--quiet", "report", nodem, "--lang", lang, "-o", html).returncode == 0)
        text = open(html, encoding="utf-8").read()
        check("report (%s) has the gaps section" % lang,
              "<h2>%s</h2>" % words in text and factor in text and weight in text)
        prefix = os.path.join(tmp, "nodem-%s" % lang)
        check("map (%s) runs" % lang, run("--quiet", "map", nodem, "--lang", lang, "--dpi", "36",
                                         "-o", prefix).returncode == 0)
        pdf = subprocess.run(["pdftotext", prefix + "-A3.pdf", "-"], capture_output=True,
                             text=True).stdout.replace("\n", " ")
        check("map (%s) note names the gap" % lang, words in pdf and short in pdf, pdf[-600:])
    # A layer with no features after its filter: the rule applies, 0 ha.
    empty = os.path.join(tmp, "empty.gpkg")
    p = run("--quiet", "site", site, "--set", "layers.wells.where=kind = 'none'", "-o", empty)
    check("site with an empty layer runs", p.returncode == 0, p.stderr)
    r = rows(empty, "SELECT * FROM data_gaps WHERE layer = 'wells'")
    check("empty layer: rule applied, 0 ha", len(r) == 1 and r[0]["gap"] == "none_after_filter"
          and r[0]["consequence"] == "rule_applied_0_ha", r)
    # A DEM of the western quarter of the province: the parcels beyond it
    # have no slope, hence no score and no rank; a gap says how many, and
    # `nodata_fill` or `on_missing: fail` decide instead.
    west = os.path.join(tmp, "dem_west.tif")
    dem = os.path.join(EX, "data", "synthetic", "synthetic_dem.tif")
    from osgeo import gdal
    src = gdal.Open(dem)
    gdal.Translate(west, src, srcWin=[0, 0, src.RasterXSize // 4, src.RasterYSize])
    src = None
    part = os.path.join(tmp, "part.gpkg")
    p = run("site", site, "--set", "layers.dem.source=" + west, "-o", part)
    check("site with a DEM of part of the area runs", p.returncode == 0, p.stderr)
    g = rows(part, "SELECT * FROM data_gaps WHERE item = 'slope'")
    unscored = rows(part, "SELECT count(*) AS n FROM parcels WHERE score IS NULL "
                    "AND f_remoteness IS NOT NULL")[0]["n"]
    check("part DEM: a gap names the unscored parcels", len(g) == 1 and g[0]["gap"] == "not_covering"
          and g[0]["consequence"] == "no_score" and unscored > 0
          and g[0]["assumed"].startswith("%d of " % unscored), (g, unscored))
    check("part DEM: the log warns", "data gap: factor slope: layer 'dem' no data over some "
          "parcels" in p.stderr, p.stderr[-800:])
    check("part DEM: unscored parcels are not ranked",
          rows(part, "SELECT count(*) AS n FROM parcels WHERE score IS NULL AND rank IS NOT NULL")[0]["n"] == 0)
    html = os.path.join(tmp, "part-vi.html")
    check("part DEM: report (vi) runs", run("--quiet", "report", part, "--lang", "vi", "-o",
                                           html).returncode == 0)
    text = open(html, encoding="utf-8").read() if os.path.exists(html) else ""
    check("part DEM: the report names the gap", "không có dữ liệu trên một số thửa" in text
          and "các thửa đó không có điểm" in text, text[-400:])
    filled = os.path.join(tmp, "filled.gpkg")
    p = run("--quiet", "site", site, "--set", "layers.dem.source=" + west,
            "--set", "factors.slope.nodata_fill=0.5", "-o", filled)
    check("part DEM with nodata_fill: no gap for slope", p.returncode == 0
          and rows(filled, "SELECT * FROM data_gaps WHERE item = 'slope'") == [], p.stderr)
    strict = os.path.join(tmp, "strict.gpkg")
    p = run("--quiet", "site", site, "--set", "layers.dem.source=" + west,
            "--set", "on_missing=fail", "--set", "constraints.disable=[VN2001-airport, VN2001-seaport, "
            "VN2001-industrial-zone]", "-o", strict)
    check("part DEM with on_missing: fail is refused (26), nothing written",
          p.returncode == 26 and "no data over some parcels" in p.stderr
          and not os.path.exists(strict), (p.returncode, p.stderr[-600:]))
    # Rank without wells: worst case per site.
    rank = os.path.join(EX, "rank.yaml")
    rb, rn = os.path.join(tmp, "rank.gpkg"), os.path.join(tmp, "nowells.gpkg")
    check("rank runs", run("--quiet", "rank", rank, "-o", rb, "--csv", rb + ".csv").returncode == 0)
    check("rank without wells runs", run("--quiet", "rank", rank, "--set", "layers.wells=null",
                                         "-o", rn, "--csv", rn + ".csv").returncode == 0)
    g = rows(rn, "SELECT * FROM data_gaps")
    check("rank data_gaps: wells, worst case", len(g) == 1 and g[0]["item"] == "wells"
          and g[0]["consequence"] == "worst_case" and "largest multiplier" in g[0]["assumed"], g)
    check("rank data_gaps empty with every layer", rows(rb, "SELECT * FROM data_gaps") == [])
    before = {r["site_id"]: r for r in rows(rb, "SELECT * FROM landfills")}
    after = rows(rn, "SELECT * FROM landfills")
    check("every site names its worst-case linkage",
          all(r["worst_case"] == "leachate_groundwater (wells)" for r in after),
          {r["worst_case"] for r in after})
    check("with wells no site has a worst case",
          all(r["worst_case"] is None for r in before.values()))
    check("worst case is never lower than the measured risk",
          all(r["l_leachate_groundwater_pct"] >= before[r["site_id"]]["l_leachate_groundwater_pct"]
              - 1e-9 and r["dist_well_m"] is None for r in after))
    # check lists the gaps before a run.
    p = run("check", site, "--set", "layers.dem=null")
    check("check lists the gaps", p.returncode == 0 and "data gap: factor slope" in p.stderr
          and "data gap: rule VN2001-airport" in p.stderr and "data gaps: 4" in p.stderr, p.stderr)
    p = run("check", rank, "--set", "layers.wells=null")
    check("check (rank) lists the gaps", p.returncode == 0 and "data gap: layer wells" in p.stderr
          and "data gaps: 1" in p.stderr, p.stderr)
finally:
    shutil.rmtree(tmp)

print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
