#!/usr/bin/python3
"""Mutation tests: the example scenarios, layers, inventories and AHP
matrices, each changed in one place (a number made negative, zero, huge,
NaN, Inf, a fraction such as nan/1 or 1/0, text, a list or a mapping; a key
removed; a layer made empty, all NULL geometries, points or a raster; an
invalid filter; a matrix cell or row broken), then run through `check` and
`site`, `rank` or `ahp`; and register spreadsheets (the inventory as a
facilities sheet, the commune indicators) with one cell broken, imported
into a new register with `gistool register import`: an exit 0 must have
written every row and taken no non-number, a failure must leave the register
as it was.

Each case must end with no signal, no sanitizer report, an exit code of
docs/exit-codes.md, a message naming the file or key when it fails, `check`
failing exactly as the command does, the previous outputs untouched and no
temporary file left when it fails. An exit 0 must be one the mutation
justifies: a non-number, a list or a mapping where a number is expected, a
non-reciprocal or non-positive AHP matrix, or a bad inventory cell taken as
a value, is a wrong result; and the outputs of an exit 0 are read and their
values checked (scores and weights in range, ranks 1..n, one row per input,
a layer emptied by the mutation listed in data_gaps).

Every mutation class (MUTATION_CLASSES) is in each run: the first cases are
one of each class, the rest are drawn by the seed, so another seed gives
other cases of the same classes. Case n is made from (seed, n) alone, so any
failing case is repeated with the same seed. The seed defaults to the day
(days since 1970-01-01, UTC), printed with the result; CTest passes none.
Site scenarios run on a 2 km grid (validation does not need a fine one; a
case that mutates resolution_m keeps its mutated value). Cases run on
--jobs processes; at most N cases and BUDGET seconds (cases not reached are
reported, not failed; the one case of each class always runs).

Where the time goes (measured on 2 cores): a gistool process costs about
0.2 s of CPU before it reads anything (loading GDAL and its drivers), a
case that fails on its YAML two of those (check, then the command); a site
case that passes validation runs check and the full site run, about 1 s of
CPU each on the 2 km grid (the 50 m grid of the example takes 10 times
longer); a rank case about 0.3 s (check) and 0.9 s (run). So a run of N
cases needs about 0.6 N seconds of CPU: CTest runs a bounded subset (the
classes, then the seed's draw) and GT_MUTATE_PROFILE=1 prints the seconds
spent per class.
Usage: run_mutate.py GISTOOL SOURCE_DIR [--cases N] [--seed S] [--budget SECONDS] [--jobs J]"""
import argparse
import concurrent.futures
import fractions
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
WGS84 = osr.SpatialReference()
WGS84.ImportFromEPSG(4326)
WGS84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
ap = argparse.ArgumentParser()
ap.add_argument("gistool")
ap.add_argument("src")
ap.add_argument("--cases", type=int, default=300)
ap.add_argument("--seed", type=int, default=None)
ap.add_argument("--budget", type=float, default=120)
ap.add_argument("--jobs", type=int, default=2)
a = ap.parse_args()
SEED = a.seed if a.seed is not None else int(time.time() // 86400)
BIN, SRC = os.path.abspath(a.gistool), os.path.abspath(a.src)
EX = os.path.join(SRC, "examples", "ninh-binh")
CODES = {0, 2, 10, 11, 20, 21, 22, 23, 24, 25, 26, 27, 30, 40, 41, 42, 50}
SENTINEL = b"previous good output\n"

SITE = open(os.path.join(EX, "site.yaml"), encoding="utf-8").read().replace(
    "resolution_m: 50", "resolution_m: 2000")  # a small grid: a valid case runs in a second
RANK = open(os.path.join(EX, "rank.yaml"), encoding="utf-8").read()
AHP = [os.path.join(SRC, "tests", "data", "ahp", f) for f in ("three.csv", "drinks.csv",
                                                              "expert_a.csv")]
N_PARCELS = 400
N_LANDFILLS = 68
BAD_NUMBERS = ["-1", "0", "-0.0", "1e999", "-1e999", "nan", ".nan", "inf", "-.inf", "nan/1",
               "inf/1", "1/0", "0/0", "abc", "[]", "{}", "''", "~", "1.5", "1e9", "2147483648",
               "-2147483649", "0x10", "1,5", "[1, 2]"]
# Values no number key can take: an exit 0 with one of them is a wrong result.
NOT_A_NUMBER = {"1e999", "-1e999", "nan", ".nan", "inf", "-.inf", "nan/1", "inf/1", "1/0",
                "0/0", "abc", "[]", "{}", "''", "1,5", "[1, 2]"}
# Scenario keys that take a list or a mapping (a wrong_type list/mapping may pass there).
LIST_KEYS = {"classes", "order", "disable", "tie_break", "scores", "kg_per_person_day",
             "fuzzy", "extra", "values"}
LAYER_KINDS = ["empty", "null", "points", "raster", "missing", "filter", "nofilter"]
MUTATION_CLASSES = ([("site", op) for op in ("number", "matrix", "drop", "type", "threshold")] +
                    [("site", "layer:" + k) for k in LAYER_KINDS] +
                    [("rank", op) for op in ("number", "drop", "type", "inventory")] +
                    [("rank", "layer:" + k) for k in LAYER_KINDS] +
                    [("ahp", op) for op in ("cell", "short", "long")] +
                    # gistool register import: a spreadsheet with one bad cell
                    [("register", op) for op in ("facilities", "indicators")])


def numeric_lines(text):
    return [i for i, l in enumerate(text.split("\n"))
            if re.match(r"^\s*(- )?[A-Za-z_]+: [-+0-9./e]+\s*(#.*)?$", l)]


def mutate_number(rng, text):
    lines = text.split("\n")
    i = rng.choice(numeric_lines(text))
    bad = rng.choice(BAD_NUMBERS)
    lines[i] = re.sub(r": [-+0-9./e]+", ": " + bad, lines[i], count=1)
    key = re.match(r"^\s*(?:- )?([A-Za-z_]+):", lines[i]).group(1)
    return "\n".join(lines), "line %d: %s" % (i + 1, lines[i].strip()), \
        dict(value=bad, key=key)


def mutate_matrix_cell(rng, text):
    rows = [i for i, l in enumerate(text.split("\n")) if re.match(r"^\s+- \[", l)]
    lines = text.split("\n")
    i = rng.choice(rows)
    cells = lines[i][lines[i].index("[") + 1:lines[i].rindex("]")].split(",")
    k = rng.randrange(len(cells))
    old = cells[k].strip()
    cells[k] = " " + rng.choice(BAD_NUMBERS[:13] + ["0", "-2", "1/9", "9"])
    if rng.random() < 0.2:
        cells.pop()
    lines[i] = lines[i][:lines[i].index("[") + 1] + ",".join(cells) + "]"
    same = cells[k].strip() == old if k < len(cells) else False
    return "\n".join(lines), "matrix line %d: %s" % (i + 1, lines[i].strip()), \
        dict(matrix_same=same)


def drop_key(rng, text):
    lines = text.split("\n")
    keys = [i for i, l in enumerate(lines) if re.match(r"^\s*[A-Za-z_]+:", l)]
    i = rng.choice(keys)
    return "\n".join(lines[:i] + lines[i + 1:]), "removed: " + lines[i].strip(), {}


def wrong_type(rng, text):
    lines = text.split("\n")
    keys = [i for i, l in enumerate(lines) if re.match(r"^\s*[A-Za-z_]+: \S", l)]
    i = rng.choice(keys)
    bad = rng.choice(["[a, b]", "{x: 1}", "~", "''", "true", "&a 1", "*nosuch"])
    key = re.match(r"^\s*([A-Za-z_]+):", lines[i]).group(1)
    lines[i] = re.sub(r": .*$", ": " + bad, lines[i])
    return "\n".join(lines), "line %d: %s" % (i + 1, lines[i].strip()), dict(value=bad, key=key)


def layer_variant(tmp, kind):
    """A copy of the parcels as: empty, NULL geometries, points."""
    src = ogr.Open(os.path.join(EX, "data/synthetic/synthetic_parcels.gpkg"))
    lyr = src.GetLayer(0)
    out = os.path.join(tmp, "layer_%s.gpkg" % kind)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(out)
    gt = ogr.wkbPoint if kind == "points" else lyr.GetGeomType()
    o = ds.CreateLayer("parcels", lyr.GetSpatialRef(), gt)
    for i in range(lyr.GetLayerDefn().GetFieldCount()):
        o.CreateField(lyr.GetLayerDefn().GetFieldDefn(i))
    for f in lyr:
        if kind == "empty":
            break
        g = ogr.Feature(o.GetLayerDefn())
        g.SetFrom(f)
        if kind == "null":
            g.SetGeometryDirectly(None)
        elif kind == "points":
            g.SetGeometry(f.GetGeometryRef().Centroid())
        o.CreateFeature(g)
    ds = None
    return out


def layer_names_of(text, source):
    """The scenario keys (layers.NAME, study_area, inventory) reading `source`."""
    names, key = [], None
    for l in text.split("\n"):
        m = re.match(r"^  ([A-Za-z_]+):\s*$", l) or re.match(r"^([a-z_]+):\s*$", l)
        if m:
            key = m.group(1)
        if l.strip() == "source: " + source:
            names.append(key)
    return names


def swap_layer(rng, text, tmp, kind):
    srcs = [m.group(1) for m in re.finditer(r"source: (data/\S+\.gpkg)", text)]
    target = rng.choice(srcs)
    names = layer_names_of(text, target)[:1]
    info = dict(layer_kind=kind, layers=names)
    if kind in ("empty", "null", "points"):
        new = layer_variant(tmp, kind)
    elif kind == "raster":
        new = os.path.join(EX, "data/synthetic/synthetic_dem.tif")
    elif kind == "missing":
        new = os.path.join(tmp, "nosuch.gpkg")
    else:
        where = "nosuch = 1" if kind == "filter" else "1 = 0"
        pat = "source: %s\n" % target
        ind = re.search(r"\n(\s*)source: %s" % re.escape(target), text).group(1)
        return text.replace(pat, pat + '%swhere: "%s"\n' % (ind, where), 1), \
            "%s (%s): where %s" % (target, names, where), info
    return text.replace("source: " + target, "source: " + new, 1), \
        "%s (%s) -> %s" % (target, names, kind), info


NUMERIC_COLUMNS = {"area_ha", "volume_m3", "status_year", "lon", "lat", "years_operated"}


def inventory_csv(rng, tmp):
    """The rank inventory as a CSV with one cell broken."""
    src = ogr.Open(os.path.join(EX, "data/synthetic/synthetic_landfills.gpkg"))
    lyr = src.GetLayer(0)
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    rows = []
    for f in lyr:
        g = f.GetGeometryRef().Clone()
        g.TransformTo(WGS84)
        rows.append([str(f.GetField(n)) if f.GetField(n) is not None else "" for n in names] +
                    ["%.6f" % g.GetX(), "%.6f" % g.GetY()])
    r, c = rng.randrange(len(rows)), rng.randrange(len(names) + 2)
    rows[r][c] = rng.choice(BAD_NUMBERS + ["", "operating", "x" * 300])
    path = os.path.join(tmp, "inv.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(",".join(names + ["lon", "lat"]) + "\n")
        for row in rows:
            f.write(",".join('"%s"' % v.replace('"', '""') for v in row) + "\n")
    col = (names + ["lon", "lat"])[c]
    return path, "row %d column %s = %r" % (r + 2, col, rows[r][c]), \
        dict(column=col, value=rows[r][c], site=rows[r][names.index("site_id")]
             if "site_id" in names else None)


# --- register spreadsheets: the rank inventory as a facilities sheet, the
# example's commune indicators, one cell broken; imported into a new register.
REG_INDICATORS = os.path.join(EX, "data", "synthetic", "register_indicators.csv")
REG_NUMERIC = {"population", "households", "generated_tpd", "collected_tpd", "landfill_tpd",
               "incinerated_tpd", "composted_tpd", "recycled_tpd", "other_tpd",
               "households_sorting", "year"} | NUMERIC_COLUMNS


def register_sheet(rng, tmp, table):
    if table == "facilities":
        path, what, info = inventory_csv(rng, tmp)
        return path, what, dict(info, rows=N_LANDFILLS)
    import csv as csv_
    rows = list(csv_.reader(open(REG_INDICATORS, encoding="utf-8")))[:61]  # 60 rows
    r, c = rng.randrange(1, len(rows)), rng.randrange(len(rows[0]))
    rows[r][c] = rng.choice(BAD_NUMBERS + ["", "urban", "x" * 300])
    path = os.path.join(tmp, "indicators.csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv_.writer(f).writerows(rows)
    return path, "row %d column %s = %r" % (r + 1, rows[0][c], rows[r][c]), \
        dict(column=rows[0][c], value=rows[r][c], rows=len(rows) - 1)


def judge_register_import(reg, table, info):
    """An import that exits 0 wrote every row of the sheet, and no number
    key took a non-number."""
    import sqlite3
    db = sqlite3.connect(reg)
    name = "facilities" if table == "facilities" else "commune_indicators"
    n = db.execute("SELECT count(*) FROM %s" % name).fetchone()[0]
    db.close()
    problems = []
    if n != info["rows"]:
        problems.append("exit 0 with %d rows in %s of the sheet's %d" % (n, name, info["rows"]))
    if info.get("column") in REG_NUMERIC and info.get("value") in NOT_A_NUMBER:
        problems.append("exit 0: %s = %r imported" % (info["column"], info["value"]))
    return problems


def read_matrix(lines):
    data = [l for l in lines if l and not l.startswith("#")]
    return [row.split(",")[1:] for row in data[1:]]


def reciprocal_positive(cells):
    """Is this AHP CSV matrix square, positive, reciprocal (to 1 %) and on
    Saaty's scale of 1/9 to 9 (to 2 %)?"""
    try:
        m = [[float(fractions.Fraction(c.strip())) for c in row] for row in cells]
    except (ValueError, ZeroDivisionError, OverflowError):
        return False
    n = len(m)
    if any(len(r) != n for r in m):
        return False
    for i in range(n):
        for j in range(n):
            if not (m[i][j] > 0 and math.isfinite(m[i][j])):
                return False
            if abs(m[i][j] * m[j][i] - 1) > 0.01:
                return False
            if not (1 / 9 * 0.98 <= m[i][j] <= 9 * 1.02):
                return False
    return True


def mutate_ahp(rng, tmp, how):
    path = rng.choice(AHP)
    lines = open(path, encoding="utf-8").read().split("\n")
    data = [i for i, l in enumerate(lines) if l and not l.startswith("#")][1:]
    i = rng.choice(data)
    cells = lines[i].split(",")
    if how == "cell":
        k = rng.randrange(1, len(cells))
        cells[k] = rng.choice(BAD_NUMBERS + ["1/9", "9", "0.0001", "12"])
    elif how == "short":
        cells = cells[:-1]
    else:
        cells.append("1")
    lines[i] = ",".join(cells)
    out = os.path.join(tmp, "matrix.csv")
    open(out, "w", encoding="utf-8").write("\n".join(lines))
    return out, "%s line %d: %s" % (os.path.basename(path), i + 1, lines[i]), \
        dict(valid=reciprocal_positive(read_matrix(lines)))


# Thresholds no input can meet: a minimum region area larger than any study
# area (the Earth's land is 1.5e10 ha) and a rule's setback wider than a
# province. An exit 0 with one of them is an empty result the inputs do not
# justify (before, no region at all, or exit 50 for the setback).
THRESHOLDS = [("regions:\n", "regions:\n  min_area_ha: %s\n", ["1e300", "2e10", "1e11/2"]),
              ("      min_distance_m: 200\n", "      min_distance_m: %s\n", ["1e300", "2e5", "1e7/2"])]


def unreachable_threshold(rng, text):
    anchor, line, values = rng.choice(THRESHOLDS)
    v = rng.choice(values)
    assert anchor in text, "test setup: '%s' not in the scenario" % anchor.strip()
    new = line % v  # the anchor with the threshold in or after it
    text = text.replace(anchor, new, 1)
    key = re.search(r"([a-z_]+): [^\n]+\n$", new).group(1)
    return text, new.strip().replace("\n", " "), dict(value=v, key=key)


def case_class(n, rng):
    if n < len(MUTATION_CLASSES):
        return MUTATION_CLASSES[n]
    kind = rng.choices(["site", "rank", "ahp", "register"], [6, 3, 2, 1])[0]
    if kind == "ahp":
        return kind, rng.choices(["cell", "short", "long"], [7, 1.5, 1.5])[0]
    if kind == "register":
        return kind, rng.choice(["facilities", "indicators"])
    ops = ["number", "matrix", "drop", "type", "layer", "inventory", "threshold"]
    op = rng.choices(ops, [5, 2 if kind == "site" else 0, 2, 2, 2,
                           0 if kind == "site" else 2, 1 if kind == "site" else 0])[0]
    if op == "layer":
        op = "layer:" + rng.choice(LAYER_KINDS)
    return kind, op


def make_case(n, tmp):
    rng = random.Random("%d:%d" % (SEED, n))
    kind, op = case_class(n, rng)
    if kind == "ahp":
        path, what, info = mutate_ahp(rng, tmp, op)
        return kind, op, path, what, info
    if kind == "register":
        path, what, info = register_sheet(rng, tmp, op)
        return kind, op, path, "%s: %s" % (op, what), info
    text = SITE if kind == "site" else RANK
    if op == "number":
        text, what, info = mutate_number(rng, text)
    elif op == "matrix":
        text, what, info = mutate_matrix_cell(rng, text)
    elif op == "drop":
        text, what, info = drop_key(rng, text)
    elif op == "type":
        text, what, info = wrong_type(rng, text)
    elif op == "threshold":
        text, what, info = unreachable_threshold(rng, text)
    elif op.startswith("layer:"):
        text, what, info = swap_layer(rng, text, tmp, op[6:])
    else:
        inv, what, info = inventory_csv(rng, tmp)
        text = text.replace("source: data/synthetic/synthetic_landfills.gpkg",
                            "source: " + inv, 1)
    text = text.replace("source: data/", "source: %s/data/" % EX)
    path = os.path.join(tmp, "scenario.yaml")
    open(path, "w", encoding="utf-8").write(text)
    return kind, op, path, "%s: %s" % (op, what), info


def run(args, cwd):
    return subprocess.run([BIN, "--quiet", "--progress=none"] + args, capture_output=True,
                          text=True, timeout=600, cwd=cwd)


def in_range(v, lo, hi):
    return v is None or (math.isfinite(v) and lo - 1e-9 <= v <= hi + 1e-9)


def judge_site_output(out, info):
    """What an exit 0 of `site` must have written."""
    problems = []
    ds = ogr.Open(out)
    if ds is None or ds.GetLayerByName("parcels") is None:
        return ["exit 0, but %s is not a GeoPackage with parcels" % out]
    parcels = ds.GetLayerByName("parcels")
    n = parcels.GetFeatureCount()
    if not 0 < n <= N_PARCELS:
        problems.append("exit 0 with %d parcels (the input has %d)" % (n, N_PARCELS))
    ranks = []
    for f in parcels:
        for k in f.keys():
            v = f.GetField(k)
            if (k == "score" or k.startswith("f_")) and not in_range(v, 0, 1):
                problems.append("parcel %s: %s = %r, not in [0, 1]" % (f.GetField(0), k, v))
            if isinstance(v, float) and not math.isfinite(v):
                problems.append("parcel %s: %s = %r" % (f.GetField(0), k, v))
        if f.GetField("excluded") and f.GetField("rank") is not None:
            problems.append("parcel %s is excluded but ranked" % f.GetField(0))
        if f.GetField("rank") is not None:
            ranks.append(f.GetField("rank"))
    if sorted(ranks) != list(range(1, len(ranks) + 1)):
        problems.append("parcel ranks are not 1..%d" % len(ranks))
    w = [f.GetField("weight") for f in ds.GetLayerByName("run_weights")]
    if not w or any(not in_range(x, 0, 1) for x in w) or abs(sum(w) - 1) > 1e-6:
        problems.append("run_weights %r do not sum to 1 in [0, 1]" % w)
    raster = gdal.Open("GPKG:%s:suitability" % out)
    lo, hi = raster.GetRasterBand(1).ComputeRasterMinMax(False)
    raster = None
    if not (0 <= lo <= hi <= 1):
        problems.append("suitability spans [%g, %g], not [0, 1]" % (lo, hi))
    problems += judge_gaps(ds, info)
    return problems


def judge_gaps(ds, info):
    """A layer the mutation left with no features is a data gap, or the run fails."""
    if info.get("layer_kind") not in ("empty", "null", "nofilter"):
        return []
    gaps = ds.GetLayerByName("data_gaps")
    listed = {f.GetField("layer") for f in gaps} if gaps else set()
    return ["exit 0, but layer %s, left with no features, is not in data_gaps (%s)"
            % (name, sorted(x for x in listed if x)) for name in info["layers"]
            if name not in ("study_area", "inventory") and name not in listed]


def judge_rank_output(out, csv, info):
    problems = []
    ds = ogr.Open(out)
    if ds is None or ds.GetLayerByName("landfills") is None:
        return ["exit 0, but %s is not a GeoPackage with landfills" % out]
    lf = ds.GetLayerByName("landfills")
    n = lf.GetFeatureCount()
    if n != N_LANDFILLS:
        problems.append("exit 0 with %d landfills (the inventory has %d)" % (n, N_LANDFILLS))
    ranks, by_id = [], {}
    for f in lf:
        by_id[f.GetField("site_id")] = f
        if not in_range(f.GetField("risk_pct"), 0, 100) or f.GetField("risk_pct") is None:
            problems.append("site %s: risk_pct %r" % (f.GetField("site_id"),
                                                      f.GetField("risk_pct")))
        if f.GetField("rank") is not None:
            ranks.append((f.GetField("rank"), f.GetField("risk_pct") or 0.0))
    ranks.sort()
    if [r for r, _ in ranks] != list(range(1, len(ranks) + 1)):
        problems.append("ranks are not 1..%d" % len(ranks))
    if any(ranks[i][1] < ranks[i + 1][1] - 1e-6 for i in range(len(ranks) - 1)):
        problems.append("a higher rank has a lower risk_pct")
    rows = open(csv, encoding="utf-8").read().strip().split("\n") if os.path.exists(csv) else []
    if len(rows) != n + 1:
        problems.append("the CSV has %d rows for %d landfills" % (len(rows) - 1, n))
    col, val = info.get("column"), info.get("value")
    if col in NUMERIC_COLUMNS and val not in ("", None):
        try:
            ok_number = math.isfinite(float(val))
        except ValueError:
            ok_number = False
        site = by_id.get(info.get("site"))
        missing = (site.GetField("missing_fields") or "") if site else ""
        if not ok_number and col not in missing.split(";"):
            problems.append("exit 0: %s = %r taken without a message or missing_fields entry"
                            % (col, val))
    problems += judge_gaps(ds, info)
    return problems


def judge_ahp_output(p, info):
    problems = []
    if not info["valid"]:
        problems.append("exit 0 for a matrix that is not square, positive, reciprocal and "
                        "on Saaty's scale")
    w = [float(m.group(1)) for m in re.finditer(r"^  \S+\s+([0-9.]+)$", p.stdout, re.M)]
    if not w or any(x <= 0 for x in w) or abs(sum(w) - 1) > 2e-3:
        problems.append("weights %r do not sum to 1" % w)
    if "Verdict: consistent" not in p.stdout:
        problems.append("exit 0 without 'Verdict: consistent'")
    return problems


def unjustified_exit0(kind, op, info):
    """A mutation no run may accept."""
    v = info.get("value")
    if op == "number" and v in NOT_A_NUMBER:
        return "a number key took %r" % v
    if op == "threshold":
        return "%s: %s, which no input can meet, was taken" % (info.get("key"), v)
    if op == "type" and v == "*nosuch":
        return "an undefined alias was taken"
    if op == "type" and v in ("[a, b]", "{x: 1}") and info.get("key") not in LIST_KEYS:
        return "%s took %s" % (info.get("key"), v)
    if op.startswith("layer:") and info.get("layer_kind") in ("missing", "filter"):
        return "a %s layer was taken" % ("missing" if info["layer_kind"] == "missing"
                                         else "badly filtered")
    return None


# The GDAL Python bindings are not safe across threads: the cases run their
# commands in parallel, and make and read files one at a time.
GDAL_LOCK = threading.Lock()


def judge(n):
    tmp = tempfile.mkdtemp(prefix="gt_mut_")
    t0 = time.time()
    try:
        with GDAL_LOCK:
            kind, op, path, what, info = make_case(n, tmp)
        problems = []
        out, csv = os.path.join(tmp, "out.gpkg"), os.path.join(tmp, "out.csv")
        for p in (out, csv):
            open(p, "wb").write(SENTINEL)
        if kind == "ahp":
            cmd, chk = run(["ahp", path], tmp), None
        elif kind == "register":
            reg = os.path.join(tmp, "reg.gpkg")
            run(["register", "init", reg, "--province", "37"], tmp)
            before = open(reg, "rb").read()
            cmd, chk = run(["register", "import", reg, op, path, "--status-date",
                            "2024-12-31"], tmp), None
        else:
            extra = ["--csv", csv] if kind == "rank" else []
            chk = run(["check", path], tmp)
            cmd = run([kind, path, "-o", out] + extra, tmp)
        for name, p in (("check", chk), (kind, cmd)):
            if p is None:
                continue
            if p.returncode < 0:
                problems.append("%s died of signal %d" % (name, -p.returncode))
            elif p.returncode not in CODES:
                problems.append("%s: exit %d is not in docs/exit-codes.md" % (name, p.returncode))
            if "runtime error" in p.stderr or "AddressSanitizer" in p.stderr or \
                    "LeakSanitizer" in p.stderr:
                problems.append("%s: sanitizer report" % name)
            if p.returncode > 0:
                errs = [l for l in p.stderr.split("\n")
                        if l.startswith("gistool: ") and not l.startswith("gistool: warning")]
                last = errs[-1] if errs else p.stderr.strip()
                if not re.search(r"\.yaml|\.csv|\.gpkg|\.tif|layers\.|study_area|inventory|"
                                 r"weights|factors|--set|rule |site ", last):
                    problems.append("%s: the message names no file or key: %s" % (name, last))
            if p.returncode == 0 and name == "check":
                warns = [l for l in p.stderr.split("\n") if l.startswith("gistool: warning")]
                twice = sorted({l for l in warns if warns.count(l) > 1})
                if twice:
                    problems.append("check repeats a warning: %s" % twice[0])
        if chk is not None and chk.returncode != cmd.returncode and cmd.returncode not in (30, 50):
            problems.append("check exits %d, %s exits %d" % (chk.returncode, kind, cmd.returncode))
        if cmd.returncode == 0:
            why = unjustified_exit0(kind, op, info)
            if why:
                problems.append("exit 0 with a wrong result: " + why)
            if kind == "site":
                with GDAL_LOCK:
                    problems += judge_site_output(out, info)
            elif kind == "rank":
                with GDAL_LOCK:
                    problems += judge_rank_output(out, csv, info)
            elif kind == "register":
                with GDAL_LOCK:
                    problems += judge_register_import(reg, op, info)
            else:
                problems += judge_ahp_output(cmd, info)
        elif kind == "register":
            if open(reg, "rb").read() != before:
                problems.append("the register was changed by a failed import")
        elif kind != "ahp":
            for p in (out, csv):
                if open(p, "rb").read() != SENTINEL:
                    problems.append("the previous %s was changed" % os.path.basename(p))
        left = [f for f in os.listdir(tmp) if ".tmp-" in f]
        if left:
            problems.append("temporary files left: %s" % left)
        report = None
        if problems:
            report = "case %d (%s %s; %s): FAIL: %s\n    stderr: %s" % (
                n, kind, op, what, "; ".join(problems),
                cmd.stderr.strip().replace("\n", "\n            ")[-1500:])
            keep = os.path.join(tempfile.gettempdir(), "gt_mut_failed_%d_%d" % (SEED, n))
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(tmp, keep)
        return n, (kind, op), cmd.returncode, report, time.time() - t0
    finally:
        shutil.rmtree(tmp)


# Every class runs, however few cases were asked for: a class added to the
# generator must not fall outside a bounded run (the sanitizer run's 25).
a.cases = max(a.cases, len(MUTATION_CLASSES))
start, done, failed, codes, classes, spent = time.time(), 0, 0, {}, set(), {}
with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
    pending, n = set(), 0
    while n < a.cases or pending:
        while n < a.cases and len(pending) < 2 * max(1, a.jobs) and \
                (time.time() - start < a.budget or n < len(MUTATION_CLASSES)):
            pending.add(pool.submit(judge, n))
            n += 1
        if not pending:
            break
        ready, pending = concurrent.futures.wait(pending,
                                                 return_when=concurrent.futures.FIRST_COMPLETED)
        for fut in ready:
            _, cls, rc, report, secs = fut.result()
            done += 1
            spent[cls] = spent.get(cls, 0.0) + secs
            classes.add(cls)
            codes[rc] = codes.get(rc, 0) + 1
            if report:
                failed += 1
                print(report, flush=True)
missing = [c for c in MUTATION_CLASSES if c not in classes]
print("seed %d: %d of %d cases run in %.0f s on %d jobs (budget %.0f s), %d failed; "
      "%d of %d mutation classes covered; exit codes: %s" % (
          SEED, done, a.cases, time.time() - start, a.jobs, a.budget, failed,
          len(MUTATION_CLASSES) - len(missing), len(MUTATION_CLASSES),
          ", ".join("%d x%d" % kv for kv in sorted(codes.items()))))
if os.environ.get("GT_MUTATE_PROFILE"):
    for cls, secs in sorted(spent.items(), key=lambda kv: -kv[1]):
        print("  %-22s %6.1f s" % (" ".join(cls), secs))
if missing:
    print("mutation classes not reached within the budget: %s" % missing)
print("repeat: run_mutate.py GISTOOL SOURCE_DIR --seed %d --cases %d" % (SEED, a.cases))
sys.exit(1 if failed or missing else 0)
