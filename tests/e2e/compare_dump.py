#!/usr/bin/python3
"""Compare two canonical dumps with tolerances (GRASS assertRasterFitsUnivar,
GDAL check_feature_geometry style). Usage:
    compare_dump.py EXPECTED GOT          exit 1 on the first differences
    compare_dump.py --update EXPECTED GOT  copy GOT over EXPECTED
Tolerances by field name: distances (*_m) 0.01 m; areas (*_ha) 1e-4 ha;
scores and shares 1e-5; other numbers 1e-9 relative. Text must match."""
import math
import shutil
import sys


def tol(key):
    if key.endswith("_m") or key in ("min_distance_m",):
        return 0.01, 0.0
    if key.endswith("_ha"):
        return 1e-4, 0.0
    if key.startswith(("score", "f_", "excluded_share", "value", "min", "max", "mean")):
        return 1e-5, 0.0
    return 0.0, 1e-9


def parse(line):
    head, _, rest = line.partition("|")
    fields = {}
    for part in rest.split("|") if rest else []:
        k, _, v = part.partition("=")
        fields[k] = v
    return head, fields


def num(v):
    try:
        return float(v)
    except ValueError:
        return None


def main():
    args = sys.argv[1:]
    if args[0] == "--update":
        shutil.copy(args[2], args[1])
        print("updated", args[1])
        return 0
    exp = open(args[0], encoding="utf-8").read().splitlines()
    got = open(args[1], encoding="utf-8").read().splitlines()
    errors = []
    if len(exp) != len(got):
        errors.append("line count: expected %d, got %d" % (len(exp), len(got)))
    for i, (e, g) in enumerate(zip(exp, got), 1):
        if e == g:
            continue
        he, fe = parse(e)
        hg, fg = parse(g)
        if he != hg or set(fe) != set(fg) or not fe:
            errors.append("line %d:\n  expected %s\n  got      %s" % (i, e, g))
            continue
        for k in fe:
            a, b = fe[k], fg[k]
            if a == b:
                continue
            x, y = num(a), num(b)
            if x is None or y is None or math.isnan(x) != math.isnan(y):
                errors.append("line %d (%s) %s: expected %s, got %s" % (i, he, k, a, b))
                continue
            atol, rtol = tol(k)
            if abs(x - y) > atol + rtol * abs(x):
                errors.append("line %d (%s) %s: expected %s, got %s (tolerance %g + %g rel)"
                              % (i, he, k, a, b, atol, rtol))
    if errors:
        print("%d difference(s):" % len(errors))
        print("\n".join(errors[:40]))
        return 1
    print("dumps agree (%d lines)" % len(exp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
