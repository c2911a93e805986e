#!/usr/bin/env bash
# Command line: arguments -> exit code + message (PROJ test/cli style), and
# `--help` of each subcommand equal to the block in its docs page (curl
# test1139: documentation drift fails the suite).
# Usage: test_cli.sh GISTOOL SOURCE_DIR
set -uo pipefail
bin=$1 src=$2
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() { # name, expected exit code, stderr/stdout pattern, command...
  local name=$1 code=$2 pattern=$3; shift 3
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -eq "$code" ] && grep -qE -- "$pattern" <<<"$out"; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: exit $rc (expected $code), output:"; sed 's/^/     /' <<<"$out" | head -8
  fi
}

expect version 0 "GDAL 3\..*" "$bin" --version
expect version-libs 0 "SpatiaLite 5\." "$bin" --version
expect version-geos 0 "GEOS 3\.1" "$bin" --version
expect no-args 2 "Usage: gistool" "$bin"
expect help 0 "Commands:" "$bin" --help
expect unknown-command 2 "unknown command 'frob'" "$bin" frob
expect site-no-scenario 2 "missing SCENARIO.yaml" "$bin" site
expect site-two-scenarios 2 "one scenario at a time" "$bin" site a.yaml b.yaml
expect bad-threads 2 "--threads must be 1 to 64" "$bin" site x.yaml --threads 0
expect bad-progress 2 "--progress takes bar, json or none" "$bin" --progress=fancy site x.yaml
expect missing-scenario 20 "cannot read" "$bin" check "$tmp/nosuch.yaml"
expect check-example 0 "OK" "$bin" --quiet check "$src/examples/ninh-binh/site.yaml"
expect set-override 0 "OK" "$bin" --quiet check "$src/examples/ninh-binh/site.yaml" --set resolution_m=200
expect set-bad 2 "expected key.path=value" "$bin" --quiet check "$src/examples/ninh-binh/site.yaml" --set novalue
expect map-no-run 2 "map: missing RUN\.gpkg" "$bin" map
expect report-no-run 2 "report: missing RUN\.gpkg" "$bin" report
expect map-bad-dpi 2 "map: --dpi must be 36 to 1200 \(got '5'\)" "$bin" map x.gpkg --dpi 5
expect report-bad-lang 2 "report: --lang is vi or en \(got 'fr'\)" "$bin" report x.gpkg --lang fr
expect rank-bad-as-of 2 "rank: --as-of must be a year \(got '1999'\)" "$bin" rank x.yaml --as-of 1999
expect needs-value 2 "site: option --output needs a value \(FILE\)" "$bin" site x.yaml -o
expect flag-no-value 2 "site: option --help takes no value" "$bin" site --help=yes
expect usage-json-unknown 2 "unknown command 'frob'" "$bin" frob --usage-json
expect crs-name 0 "EPSG: +9215" "$bin" crs Lạng Sơn
expect crs-folded 0 "central meridian: +107°15'" "$bin" crs "LANG SON"
expect crs-code 0 "province: +Ninh Bình" "$bin" crs 37
expect crs-to-wgs84 0 "to WGS 84: .*EPSG:6960" "$bin" crs 20
expect crs-2025 0 "status: +verify" "$bin" crs Ninh Bình 2025
expect crs-json 0 '"epsg": 9215' "$bin" crs 20 --format json
expect crs-wkt 0 "PROJCRS\\[\"VN-2000 / TM-3 107-15\"" "$bin" crs 20 --wkt
expect crs-unknown 2 "unknown province 'Lang Sonn' \(did you mean Lạng Sơn\?\)" "$bin" crs Lang Sonn
expect crs-unknown-code 2 "unknown province code '99'" "$bin" crs 99
expect crs-missing 2 "crs: missing PROVINCE" "$bin" crs
expect crs-bad-format 2 "crs: --format is text or json \(got 'xml'\)" "$bin" crs 20 --format xml
printf 'name: t\ncrs: VN-2000 Lang Sonn\n' > "$tmp/vn.yaml"
expect crs-scenario-unknown 10 "vn.yaml:2:6: crs: unknown province 'Lang Sonn' \(did you mean Lạng Sơn\?\)" "$bin" check "$tmp/vn.yaml"
# batch and compare
expect batch-no-manifest 2 "batch: missing MANIFEST.yaml" "$bin" batch
expect batch-bad-jobs 2 "batch: --jobs must be 1 to 256 \(got '0'\)" "$bin" batch m.yaml --jobs 0
expect batch-bad-scheduler 2 "batch: --scheduler is local or slurm \(got 'pbs'\)" "$bin" batch m.yaml --scheduler pbs
expect batch-missing 20 "cannot read" "$bin" batch "$tmp/nosuch.yaml"
printf 'output: out\nruns:\n  - scenario: a.yaml\n  - scenario: b/a.yaml\n' > "$tmp/dup.yaml"
expect batch-duplicate-id 10 "dup.yaml:4: run id 'a' is also the id of the run at line 3" "$bin" batch "$tmp/dup.yaml"
expect compare-one-run 2 "compare: two runs expected \(A.gpkg B.gpkg\), got 1" "$bin" compare a.gpkg
expect compare-missing 20 "cannot open" "$bin" compare "$tmp/a.gpkg" "$tmp/b.gpkg"

# gistool init: the province lookup and the operands (the whole run is tests/e2e/run_init.sh).
expect init-unknown 2 "init: unknown province 'Lang Sonn' \(did you mean Lạng Sơn\?\)" "$bin" init "Lang Sonn" "$tmp/init-x"
expect init-missing-dir 2 "init: missing DIR" "$bin" init 20
expect init-bad-size 2 "init: --parcel-size must be 50 to 20000 metres \(got '10'\)" "$bin" init 20 "$tmp/init-x" --parcel-size 10
expect init-bad-crs 2 "init: --crs is vn2000 or utm \(got 'wgs84'\)" "$bin" init 20 "$tmp/init-x" --crs wgs84

# --help == the docs block (between the markers in docs/<cmd>.md).
for cmd in site sensitivity check rank ahp map report crs init batch compare network progress; do
  doc="$src/docs/$cmd.md"
  [ "$cmd" = map ] && doc="$src/docs/maps.md"   # the map command's page is maps.md
  sed -n "/<!-- BEGIN gistool $cmd --help -->/,/<!-- END gistool $cmd --help -->/p" "$doc" \
    | sed '1,2d;$d' | sed '$d' > "$tmp/doc.txt"
  "$bin" "$cmd" --help > "$tmp/help.txt"
  if diff -u "$tmp/doc.txt" "$tmp/help.txt" > "$tmp/diff.txt"; then
    pass=$((pass + 1)); echo "ok   docs-help-$cmd"
  else
    fail=$((fail + 1)); echo "FAIL docs-help-$cmd: $(basename "$doc") and '$cmd --help' differ:"; cat "$tmp/diff.txt"
  fi
done

# --usage-json: valid JSON from the same table as --help, so the options it
# lists are the ones the help lists, with their types, ranges and defaults.
for cmd in site sensitivity check rank ahp map report crs init batch compare network progress register; do
  "$bin" "$cmd" --usage-json > "$tmp/usage.json"
  "$bin" "$cmd" --help > "$tmp/help.txt"
  if /usr/bin/python3 - "$tmp/usage.json" "$tmp/help.txt" "$cmd" <<'PY'
import json, re, sys
j = json.load(open(sys.argv[1]))
help_text = open(sys.argv[2]).read()
assert j["command"] == sys.argv[3], j["command"]
assert help_text.startswith("Usage: %s\n\n%s\n" % (j["usage"], j["summary"]))
listed = re.findall(r"^  (?:-(.), |    )--([a-z-]+)", help_text, re.M)
assert [(s or None, n) for s, n in listed] == [(o["short"], o["name"]) for o in j["options"]], listed
keys = {"name", "short", "type", "min", "max", "choices", "default", "unit", "help"}
types = {"flag", "string", "int", "double", "choice", "repeatable-string"}
for o in j["options"]:
    assert keys <= set(o) and o["type"] in types, o
    assert o["help"] in help_text, o["name"]
    if o["type"] in ("int", "double"):
        assert o["min"] < o["max"], o
    if o["type"] == "choice":
        assert o["default"] is None or o["default"] in o["choices"], o
PY
  then pass=$((pass + 1)); echo "ok   usage-json-$cmd"
  else fail=$((fail + 1)); echo "FAIL usage-json-$cmd"; head -c 400 "$tmp/usage.json"; fi
done
if "$bin" --usage-json | /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); assert sorted(c["command"] for c in j["commands"])==sorted("site sensitivity check rank ahp map report crs init batch compare network progress register".split())'
then pass=$((pass + 1)); echo "ok   usage-json-all"
else fail=$((fail + 1)); echo "FAIL usage-json-all"; fi
# gistool register: its verbs, each with the options its --help lists (also
# when asked as `gistool register VERB --usage-json`).
"$bin" register import --usage-json > "$tmp/usage.json"
if /usr/bin/python3 - "$tmp/usage.json" "$bin" <<'PY'
import json, re, subprocess, sys
j = json.load(open(sys.argv[1]))
assert j["command"] == "register", j["command"]
verbs = {v["command"]: v for v in j["verbs"]}
assert sorted(verbs) == ["register " + v for v in sorted("init import update export history".split())], sorted(verbs)
for name, v in verbs.items():
    h = subprocess.run([sys.argv[2]] + name.split() + ["--help"], capture_output=True, text=True).stdout
    assert h.startswith("Usage: %s\n\n%s\n" % (v["usage"], v["summary"])), name
    listed = re.findall(r"^  (?:-(.), |    )--([a-z-]+)", h, re.M)
    assert [(s or None, n) for s, n in listed] == [(o["short"], o["name"]) for o in v["options"]], name
assert [o["choices"] for o in verbs["register update"]["options"] if o["name"] == "status"] == \
    [["operating", "closed", "remediating", "remediated"]]
PY
then pass=$((pass + 1)); echo "ok   usage-json-register-verbs"
else fail=$((fail + 1)); echo "FAIL usage-json-register-verbs"; head -c 400 "$tmp/usage.json"; fi
j=$("$bin" map --usage-json)
if /usr/bin/python3 -c 'import json,sys; d={o["name"]:o for o in json.loads(sys.argv[1])["options"]}["dpi"]; assert (d["type"],d["min"],d["max"],d["default"],d["unit"])==("int",36,1200,300,"dpi"), d' "$j"
then pass=$((pass + 1)); echo "ok   usage-json-map-dpi"
else fail=$((fail + 1)); echo "FAIL usage-json-map-dpi: $j"; fi

# --progress=json: one JSON object per line, ending at 1.
"$bin" --progress=json site "$src/examples/ninh-binh/site.yaml" -o "$tmp/p.gpkg" 2> "$tmp/progress.txt" > /dev/null
if /usr/bin/python3 - "$tmp/progress.txt" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
prog = [l["progress"] for l in lines if "progress" in l]
assert prog and prog == sorted(prog) and prog[-1] == 1.0, prog[-5:]
assert any(l.get("level") == "warning" for l in lines)
PY
then pass=$((pass + 1)); echo "ok   progress-json"
else fail=$((fail + 1)); echo "FAIL progress-json"; head -5 "$tmp/progress.txt"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
