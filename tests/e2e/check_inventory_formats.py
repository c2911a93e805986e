#!/usr/bin/python3
"""The same 20 sites (tests/data/inventory) as a GeoPackage with the
schema's codes, and as an XLSX, an ODS and a ';' CSV with decimal commas
and Vietnamese values, must rank the same: every attribute of every output
row equal. Usage: check_inventory_formats.py GISTOOL SOURCE_DIR"""
import csv
import os
import subprocess
import sys
import tempfile

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
EX = os.path.join(SRC, "examples", "ninh-binh")
INV = os.path.join(SRC, "tests", "data", "inventory")
SOURCES = [("inventory.gpkg", None), ("inventory.xlsx", "Danh sách"), ("inventory.ods", None),
           ("inventory_semicolon.csv", None)]


def rank(tmp, source, layer):
    out = os.path.join(tmp, source + ".gpkg")
    table = os.path.join(tmp, source + ".csv")
    args = [BIN, "--quiet", "rank", "rank.yaml", "-o", out, "--csv", table,
            "--set", "inventory.source=" + os.path.join(INV, source)]
    if layer:
        args += ["--set", "inventory.layer=" + layer]
    p = subprocess.run(args, cwd=EX, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("%s: exit %d: %s" % (source, p.returncode, p.stderr))
    with open(table, encoding="utf-8") as f:
        return list(csv.reader(f))


with tempfile.TemporaryDirectory(prefix="gt_inv_") as tmp:
    want = rank(tmp, *SOURCES[0])
    if len(want) != 21:
        sys.exit("inventory.gpkg: %d rows ranked, expected 20" % (len(want) - 1))
    failed = False
    for source, layer in SOURCES[1:]:
        got = rank(tmp, source, layer)
        diff = [(i, a, b) for i, (a, b) in enumerate(zip(want, got)) if a != b]
        if len(got) != len(want) or diff:
            failed = True
            print("%s: differs from inventory.gpkg (%d rows vs %d)" % (source, len(got), len(want)))
            for i, a, b in diff[:3]:
                print("  row %d:\n    %s\n    %s" % (i, a, b))
        else:
            print("%s: the same %d sites, ranked the same" % (source, len(got) - 1))
    sys.exit(1 if failed else 0)
