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

# --help == the docs block (between the markers in docs/<cmd>.md).
for cmd in site sensitivity check rank ahp map report; do
  doc="$src/docs/$cmd.md"
  [ "$cmd" = map ] && doc="$src/docs/maps.md"   # the issue names the page maps.md
  sed -n "/<!-- BEGIN gistool $cmd --help -->/,/<!-- END gistool $cmd --help -->/p" "$doc" \
    | sed '1,2d;$d' | sed '$d' > "$tmp/doc.txt"
  "$bin" "$cmd" --help > "$tmp/help.txt"
  if diff -u "$tmp/doc.txt" "$tmp/help.txt" > "$tmp/diff.txt"; then
    pass=$((pass + 1)); echo "ok   docs-help-$cmd"
  else
    fail=$((fail + 1)); echo "FAIL docs-help-$cmd: $(basename "$doc") and '$cmd --help' differ:"; cat "$tmp/diff.txt"
  fi
done

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
