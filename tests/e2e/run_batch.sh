#!/usr/bin/env bash
# gistool batch end to end on the example province, at a coarse resolution:
# a manifest where one run fails (a bad scenario) and the others succeed;
# the summary lists each with its status, exit code and error; a rerun
# skips the unchanged runs; a changed input is run again; then gistool
# compare on two runs that differ in one weight, checked against their
# parcels tables.
# Usage: run_batch.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$(readlink -f "$1") src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ex=$src/examples/ninh-binh
# A copy of the rank scenario whose inventory we can change.
cp "$ex/data/synthetic/synthetic_landfills.gpkg" "$tmp/landfills.gpkg"
sed -e "s#source: data/synthetic/synthetic_landfills.gpkg#source: $tmp/landfills.gpkg#" \
    -e "s#source: data/#source: $ex/data/#" "$ex/rank.yaml" > "$tmp/rank.yaml"
printf 'name: broken\ncrs: EPSG:32648\nresolutoin_m: 100\n' > "$tmp/bad.yaml"
cat > "$tmp/m.yaml" <<YAML
name: e2e
output: out
runs:
  - id: bad
    scenario: bad.yaml
  - id: rank
    command: rank
    scenario: rank.yaml
matrix:
  id: w
  scenario: $ex/site.yaml
  set: [resolution_m=1000]
  axes:
    remoteness:
      "40": ["weights={direct: {remoteness: 40, river_distance: 20, road_access: 20, slope: 10, landuse: 10}}"]
      "30": ["weights={direct: {remoteness: 30, river_distance: 20, road_access: 20, slope: 10, landuse: 10}}"]
YAML
set +e
"$bin" --progress=json batch "$tmp/m.yaml" --jobs 2 > "$tmp/out1.txt" 2> "$tmp/err1.txt"
rc=$?
set -e
[ "$rc" -eq 80 ] || { echo "FAIL first batch: exit $rc (expected 80)"; cat "$tmp/out1.txt" "$tmp/err1.txt"; exit 1; }
/usr/bin/python3 - "$tmp" <<'PY'
import csv, json, sys
tmp = sys.argv[1]
rows = list(csv.DictReader(open(tmp + "/out/summary.csv")))
ids = [r["run_id"] for r in rows]
assert ids == ["bad", "rank", "w.remoteness-40", "w.remoteness-30"], ids
by = {r["run_id"]: r for r in rows}
assert by["bad"]["status"] == "failed" and by["bad"]["exit_code"] == "10", by["bad"]
assert "resolutoin_m" in by["bad"]["error"], by["bad"]["error"]
for i in ids[1:]:
    assert by[i]["status"] == "ok" and by[i]["exit_code"] == "0", by[i]
assert int(by["rank"]["sites_ranked"]) > 0 and by["rank"]["target_dumps_met"] in ("0", "1")
for i in ids[2:]:
    assert by[i]["top_parcel"] and int(by[i]["parcels_ranked"]) > 0, by[i]
# JSON progress lines: each a JSON object, the last progress 1.
lines = [json.loads(l) for l in open(tmp + "/err1.txt")]
prog = [l["progress"] for l in lines if "progress" in l]
assert prog and prog[-1] == 1.0 and prog == sorted(prog), prog
assert sum(1 for l in lines if "log" in l and l["log"].startswith("run ")) == 4, lines
print("ok   one run fails, the others succeed; summary in manifest order")
PY
# Rerun: the good runs are skipped, the failed one runs (and fails) again.
set +e
"$bin" --quiet batch "$tmp/m.yaml" --jobs 2 > /dev/null 2>&1
rc=$?
set -e
[ "$rc" -eq 80 ] || { echo "FAIL rerun: exit $rc"; exit 1; }
/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys
rows = {r["run_id"]: r for r in csv.DictReader(open(sys.argv[1] + "/out/summary.csv"))}
st = {k: v["status"] for k, v in rows.items()}
assert st == {"bad": "failed", "rank": "skipped", "w.remoteness-40": "skipped",
              "w.remoteness-30": "skipped"}, st
assert rows["rank"]["sites_ranked"], "a skipped run keeps its results"
print("ok   rerun skips the unchanged runs")
PY
# A changed input: the rank run's inventory loses a site; only it runs.
/usr/bin/python3 - "$tmp/landfills.gpkg" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1], 1)
l = ds.GetLayer(0)
f = l.GetNextFeature()
l.DeleteFeature(f.GetFID())
ds = None
PY
set +e
"$bin" --quiet batch "$tmp/m.yaml" > /dev/null 2>&1
set -e
/usr/bin/python3 - "$tmp" <<'PY'
import csv, sys
rows = {r["run_id"]: r for r in csv.DictReader(open(sys.argv[1] + "/out/summary.csv"))}
st = {k: v["status"] for k, v in rows.items()}
assert st == {"bad": "failed", "rank": "ok", "w.remoteness-40": "skipped",
              "w.remoteness-30": "skipped"}, st
print("ok   a changed input is run again")
PY
# --force runs an unchanged run again (--task 2: the rank run, which is quick).
"$bin" --quiet batch "$tmp/m.yaml" --force --task 2 > /dev/null 2>&1
grep -q "status: ok" "$tmp/out/rank/batch-run.yaml" || { echo "FAIL --force --task 2"; exit 1; }
echo "ok   --force --task runs one entry"

# compare: two runs differing only in the weight of remoteness.
a=$tmp/out/w.remoteness-40/site.gpkg b=$tmp/out/w.remoteness-30/site.gpkg
"$bin" compare "$a" "$b" -o "$tmp/cmp.gpkg" --top 10 > "$tmp/cmp.txt"
grep -q "weight.remoteness" "$tmp/cmp.txt" || { echo "FAIL compare summary"; cat "$tmp/cmp.txt"; exit 1; }
/usr/bin/python3 - "$a" "$b" "$tmp/cmp.gpkg" "$tmp/cmp.html" <<'PY'
import sys
from osgeo import ogr
a, b, c, html = sys.argv[1:]
def parcels(p):
    ds = ogr.Open(p)
    return {f["parcel_id"]: (f["rank"], f["excluded"]) for f in ds.GetLayerByName("parcels")}
pa, pb = parcels(a), parcels(b)
ds = ogr.Open(c)
keys = ("rank_a", "rank_b", "rank_shift", "change")
ch = {f["parcel_id"]: {k: f[k] for k in keys} for f in ds.GetLayerByName("parcel_changes")}
assert set(ch) == set(pa) | set(pb), "every parcel of either run"
entered = {k for k in pa if pb[k][0] and pb[k][0] <= 10 and not (pa[k][0] and pa[k][0] <= 10)}
left = {k for k in pa if pa[k][0] and pa[k][0] <= 10 and not (pb[k][0] and pb[k][0] <= 10)}
for k, f in ch.items():
    assert f["rank_a"] == pa[k][0] and f["rank_b"] == pb[k][0], k
    if pa[k][0] and pb[k][0]:
        assert f["rank_shift"] == pa[k][0] - pb[k][0], k
    want = ("entered top" if k in entered else "left top" if k in left
            else "moved" if pa[k][0] != pb[k][0] else "same")
    if pa[k][1] != pb[k][1]:
        want = "newly excluded" if pb[k][1] else "released"
    assert f["change"] == want, (k, f["change"], want)
settings = {f["key"]: (f["value_a"], f["value_b"]) for f in ds.GetLayerByName("changed_settings")}
weights = {k for k in settings if k.startswith("weight.")}
# Only the weights (normalised: all of them move when one does) and the
# overrides that set them differ; no rule, input or resolution.
assert "weight.remoteness" in weights, settings
others = set(settings) - weights - {"scenario_overrides", "parcels", "regions"}
assert not any(k.startswith(("rule.", "input.", "resolution_m")) for k in others), others
assert [f["change"] for f in ds.GetLayerByName("exclusion_changes")] == [], "same rules"
assert "gistool-compare" in open(html, encoding="utf-8").read()
print("ok   compare: %d parcels, %d entered and %d left the top 10, as the parcels tables say"
      % (len(ch), len(entered), len(left)))
PY
echo "batch e2e: all passed"
