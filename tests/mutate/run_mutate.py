#!/usr/bin/python3
"""Mutation tests: the example scenarios, layers, inventories and AHP
matrices, each changed in one place (a number made negative, zero, huge,
NaN, Inf, a fraction such as nan/1 or 1/0, text, a list or a mapping; a key
removed; a layer made empty, all NULL geometries, points or a raster; an
invalid filter; a matrix cell or row broken), then run through `check` and
`site`, `rank` or `ahp`. Each case must end with no signal, an exit code of
docs/exit-codes.md, a message naming the file or key when it fails, `check`
failing exactly as the command does, and the previous output untouched with
no temporary file left.

Seeded: the same seed gives the same cases. Bounded: at most N cases and at
most BUDGET seconds (the cases not reached are reported, not failed).
Usage: run_mutate.py GISTOOL SOURCE_DIR [--cases N] [--seed S] [--budget SECONDS]"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
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
ap.add_argument("--seed", type=int, default=394)
ap.add_argument("--budget", type=float, default=120)
a = ap.parse_args()
BIN, SRC = os.path.abspath(a.gistool), os.path.abspath(a.src)
EX = os.path.join(SRC, "examples", "ninh-binh")
CODES = {0, 2, 10, 11, 20, 21, 22, 23, 24, 25, 30, 40, 41, 42, 50}
SENTINEL = b"previous good output\n"
rng = random.Random(a.seed)

SITE = open(os.path.join(EX, "site.yaml"), encoding="utf-8").read().replace(
    "resolution_m: 50", "resolution_m: 500")  # small, so that a valid case runs in seconds
RANK = open(os.path.join(EX, "rank.yaml"), encoding="utf-8").read()
AHP = [os.path.join(SRC, "tests", "data", "ahp", f) for f in ("three.csv", "drinks.csv",
                                                              "expert_a.csv")]
BAD_NUMBERS = ["-1", "0", "-0.0", "1e999", "-1e999", "nan", ".nan", "inf", "-.inf", "nan/1",
               "inf/1", "1/0", "0/0", "abc", "[]", "{}", "''", "~", "1.5", "1e9", "2147483648",
               "-2147483649", "0x10", "1,5", "[1, 2]"]


def numeric_lines(text):
    return [i for i, l in enumerate(text.split("\n"))
            if re.match(r"^\s*(- )?[A-Za-z_]+: [-+0-9./e]+\s*(#.*)?$", l)]


def mutate_number(text):
    lines = text.split("\n")
    i = rng.choice(numeric_lines(text))
    bad = rng.choice(BAD_NUMBERS)
    lines[i] = re.sub(r": [-+0-9./e]+", ": " + bad, lines[i], count=1)
    return "\n".join(lines), "line %d: %s" % (i + 1, lines[i].strip())


def mutate_matrix_cell(text):
    rows = [i for i, l in enumerate(text.split("\n")) if re.match(r"^\s+- \[", l)]
    if not rows:
        return mutate_number(text)
    lines = text.split("\n")
    i = rng.choice(rows)
    cells = lines[i][lines[i].index("[") + 1:lines[i].rindex("]")].split(",")
    k = rng.randrange(len(cells))
    cells[k] = " " + rng.choice(BAD_NUMBERS[:13] + ["0", "-2", "1/9", "9"])
    if rng.random() < 0.2:
        cells.pop()
    lines[i] = lines[i][:lines[i].index("[") + 1] + ",".join(cells) + "]"
    return "\n".join(lines), "matrix line %d: %s" % (i + 1, lines[i].strip())


def drop_key(text):
    lines = text.split("\n")
    keys = [i for i, l in enumerate(lines) if re.match(r"^\s*[A-Za-z_]+:", l)]
    i = rng.choice(keys)
    return "\n".join(lines[:i] + lines[i + 1:]), "removed: " + lines[i].strip()


def wrong_type(text):
    lines = text.split("\n")
    keys = [i for i, l in enumerate(lines) if re.match(r"^\s*[A-Za-z_]+: \S", l)]
    i = rng.choice(keys)
    bad = rng.choice(["[a, b]", "{x: 1}", "~", "''", "true", "&a 1", "*nosuch"])
    lines[i] = re.sub(r": .*$", ": " + bad, lines[i])
    return "\n".join(lines), "line %d: %s" % (i + 1, lines[i].strip())


def layer_variant(tmp, kind):
    """A copy of the parcels (site) as: empty, NULL geometries, points."""
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


def swap_layer(text, tmp):
    kind = rng.choice(["empty", "null", "points", "raster", "missing", "filter", "nofilter"])
    srcs = [m.group(1) for m in re.finditer(r"source: (data/\S+\.gpkg)", text)]
    target = rng.choice(srcs)
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
            "%s: where %s" % (target, where)
    return text.replace("source: " + target, "source: " + new, 1), "%s -> %s" % (target, kind)


def inventory_csv(tmp):
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
    return path, "row %d column %d = %r" % (r + 2, c + 1, rows[r][c])


def mutate_ahp(tmp):
    path = rng.choice(AHP)
    lines = open(path, encoding="utf-8").read().split("\n")
    data = [i for i, l in enumerate(lines) if l and not l.startswith("#")][1:]
    i = rng.choice(data)
    cells = lines[i].split(",")
    how = rng.random()
    if how < 0.7:
        k = rng.randrange(1, len(cells))
        cells[k] = rng.choice(BAD_NUMBERS + ["1/9", "9", "0.0001"])
    elif how < 0.85:
        cells = cells[:-1]
    else:
        cells.append("1")
    lines[i] = ",".join(cells)
    out = os.path.join(tmp, "matrix.csv")
    open(out, "w", encoding="utf-8").write("\n".join(lines))
    return out, "%s line %d: %s" % (os.path.basename(path), i + 1, lines[i])


def make_case(tmp):
    kind = rng.choices(["site", "rank", "ahp"], [6, 3, 2])[0]
    if kind == "ahp":
        path, what = mutate_ahp(tmp)
        return kind, path, what
    text = SITE if kind == "site" else RANK
    op = rng.choices(["number", "matrix", "drop", "type", "layer", "inventory"],
                     [5, 2 if kind == "site" else 0, 2, 2, 2, 0 if kind == "site" else 2])[0]
    if op == "number":
        text, what = mutate_number(text)
    elif op == "matrix":
        text, what = mutate_matrix_cell(text)
    elif op == "drop":
        text, what = drop_key(text)
    elif op == "type":
        text, what = wrong_type(text)
    elif op == "layer":
        text, what = swap_layer(text, tmp)
    else:
        inv, what = inventory_csv(tmp)
        text = text.replace("source: data/synthetic/synthetic_landfills.gpkg",
                            "source: " + inv, 1)
    text = text.replace("source: data/", "source: %s/data/" % EX)
    path = os.path.join(tmp, "scenario.yaml")
    open(path, "w", encoding="utf-8").write(text)
    return kind, path, "%s: %s" % (op, what)


def run(args):
    return subprocess.run([BIN, "--quiet", "--progress=none"] + args, capture_output=True,
                          text=True, timeout=600)


def judge(kind, path, tmp):
    problems = []
    out, csv = os.path.join(tmp, "out.gpkg"), os.path.join(tmp, "out.csv")
    for p in (out, csv):
        open(p, "wb").write(SENTINEL)
    if kind == "ahp":
        cmd = run(["ahp", path])
        chk = None
    else:
        extra = ["--csv", csv] if kind == "rank" else []
        chk = run(["check", path])
        cmd = run([kind, path, "-o", out] + extra)
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
    if chk is not None and chk.returncode != cmd.returncode and cmd.returncode not in (30, 50):
        problems.append("check exits %d, %s exits %d" % (chk.returncode, kind, cmd.returncode))
    if kind != "ahp" and cmd.returncode != 0:
        for p in (out, csv):
            if open(p, "rb").read() != SENTINEL:
                problems.append("the previous %s was changed" % os.path.basename(p))
    left = [f for f in os.listdir(tmp) if ".tmp-" in f]
    if left:
        problems.append("temporary files left: %s" % left)
    return problems, cmd


start, done, failed, codes = time.time(), 0, 0, {}
for n in range(a.cases):
    if time.time() - start > a.budget:
        break
    tmp = tempfile.mkdtemp(prefix="gt_mut_")
    try:
        kind, path, what = make_case(tmp)
        problems, cmd = judge(kind, path, tmp)
        codes[cmd.returncode] = codes.get(cmd.returncode, 0) + 1
        done += 1
        if problems:
            failed += 1
            print("case %d (%s; %s): FAIL: %s" % (n, kind, what, "; ".join(problems)))
            print("    stderr: " + cmd.stderr.strip().replace("\n", "\n            ")[-1500:])
            keep = os.path.join(tempfile.gettempdir(), "gt_mut_failed_%d_%d" % (a.seed, n))
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(tmp, keep)
    finally:
        shutil.rmtree(tmp)
print("seed %d: %d of %d cases run in %.0f s (budget %.0f s), %d failed; exit codes: %s" % (
    a.seed, done, a.cases, time.time() - start, a.budget, failed,
    ", ".join("%d x%d" % kv for kv in sorted(codes.items()))))
sys.exit(1 if failed else 0)
