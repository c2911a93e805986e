#!/usr/bin/env bash
# gistool register on PostgreSQL/PostGIS against the same on a GeoPackage:
# a server of its own (initdb + pg_ctl in a temporary folder, Unix socket
# only, pg_server.sh), the same life (flow.sh) on both registers with the
# same exports, gistool rank on the PG register, the rules enforced by the
# PL/pgSQL triggers, then two writers at once on different sites and on the
# same site: every accepted update is in the history, every refused one was
# reported, and the shared site's dates never go backwards. The server is
# stopped by its PID and its folder removed, also on failure.
# Skipped (77) when the PostgreSQL server binaries or PostGIS are missing.
# Usage: run_pg.sh GISTOOL SOURCE_DIR
set -uo pipefail
bin=$1 src=$2
py=/usr/bin/python3
here=$src/tests/register
source "$here/pg_server.sh"
source "$here/flow.sh"
if ! pg_available; then
  echo "skip: no PostgreSQL server binaries with PostGIS (postgresql-15-postgis-3)"
  exit 77
fi
tmp=$(mktemp -d)
cleanup() { pg_stop; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$tmp"
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }

pg_start "$tmp/pg" || { echo "FAIL the server did not start"; exit 1; }
echo "server: $PG_DSN"
check "flow on a GeoPackage" "register_flow '$bin' '$src' reg.gpkg g"
check "flow on PostgreSQL" "register_flow '$bin' '$src' \"\$PG_DSN\" p"
for f in inventory-2025.csv inventory.csv; do
  check "same $f" "diff <(head -1 g/$f; tail -n +2 g/$f | sort) <(head -1 p/$f; tail -n +2 p/$f | sort)"
done
check "same history printed" "diff g/history-NB-UL-002.txt p/history-NB-UL-002.txt && diff g/history-NB-UL-006.txt p/history-NB-UL-006.txt"
check "same inventory GeoPackage and snapshot (every field, every geometry)" "$py - <<'PY'
from osgeo import ogr
def rows(path, layer, skip=()):
    ds = ogr.Open(path)
    l = ds.GetLayerByName(layer)
    d = l.GetLayerDefn()
    names = [d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())]
    out = []
    for f in l:
        g = f.GetGeometryRef()
        out.append(tuple(str(f.GetField(n)) for n in names if n not in skip) + ((g.ExportToWkt(),) if g else ()))
    return sorted(out)
for path, layer, skip in [('inventory-2025.gpkg', 'landfills', ()), ('snapshot.gpkg', 'facilities', ()),
                          ('snapshot.gpkg', 'status_history', ('id', 'recorded_at')),
                          ('snapshot.gpkg', 'commune_indicators', ('fid',)), ('snapshot.gpkg', 'targets', ('fid',))]:
    a, b = rows('g/' + path, layer, skip), rows('p/' + path, layer, skip)
    assert a == b and a, (path, layer, len(a), len(b), [x for x in a if x not in b][:2], [x for x in b if x not in a][:2])
PY"
mkdir nb && cp -r "$src/examples/ninh-binh/." nb/
sed "s|source: data/synthetic/synthetic_landfills.gpkg|source: \"$PG_DSN\"|" nb/rank.yaml >nb/rank-pg.yaml
sed "s|source: data/synthetic/synthetic_landfills.gpkg|source: ../reg.gpkg|" nb/rank.yaml >nb/rank-gpkg.yaml
check "rank reads the PG register as the GeoPackage one (as of 2025)" "'$bin' -q rank nb/rank-pg.yaml --as-of 2025 -o r1.gpkg --csv r1.csv &&
  '$bin' -q rank nb/rank-gpkg.yaml --as-of 2025 -o r2.gpkg --csv r2.csv && cmp -s r1.csv r2.csv"
check "the same refusals on PostgreSQL" "! '$bin' -q register update \"\$PG_DSN\" NB-SD-002 --status remediated --date 2025-05-01 --source x 2>err.txt;
  grep -q 'remediated comes only after closed or remediating' err.txt &&
  ! '$bin' -q register import \"\$PG_DSN\" history '$here/data/history_bad.csv' 2>err2.txt && grep -q '5 bad rows; nothing was written' err2.txt"
check "PL/pgSQL triggers and CHECKs refuse what the rules refuse" "
  for sql in \"INSERT INTO status_history (site_id, status, date, source, recorded_at) VALUES ('NB-SD-002', 'remediated', '2026-01-01', 'x', 'now')\" \
             \"INSERT INTO status_history (site_id, status, date, source, recorded_at) VALUES ('NB-SD-002', 'closed', '2026-02-30', 'x', 'now')\" \
             \"INSERT INTO status_history (site_id, status, date, source, recorded_at) VALUES ('NB-SD-002', 'closed', '2020-02-01', 'x', 'now')\" \
             \"INSERT INTO status_history (site_id, status, date, source, recorded_at) VALUES ('NOPE', 'closed', '2026-02-01', 'x', 'now')\" \
             \"UPDATE status_history SET note = 'x'\" \"DELETE FROM facilities WHERE site_id = 'NB-SD-002'\" \
             \"INSERT INTO facilities (site_id, kind) VALUES ('X-1', 'landfill')\"; do
    \$PG_PSQL -d register -c \"\$sql\" >/dev/null 2>&1 && { echo \"accepted: \$sql\"; exit 1; }
  done; true"

# --- two writers at once ---------------------------------------------------
# A writes TEST-LD-01, B writes TEST-CP-01, both write TEST-TS-01 (A on odd
# days, B on even days of January 2029, each in its own order), closed and
# remediating in turn. Each logs "rc site status date source".
writer() { # name own_site first_day
  local name=$1 own=$2 day=$3 k st
  for k in $(seq 1 8); do
    st=$([ $((k % 2)) = 1 ] && echo closed || echo remediating)
    "$bin" -q register update "$PG_DSN" "$own" --status "$st" --date "2028-02-$(printf %02d "$k")" --source "$name $k" 2>>"$name.err"
    echo "$? $own $st 2028-02-$(printf %02d "$k") $name $k" >>"$name.log"
    "$bin" -q register update "$PG_DSN" TEST-TS-01 --status "$st" --date "2029-01-$(printf %02d "$day")" --source "$name shared $k" 2>>"$name.err"
    echo "$? TEST-TS-01 $st 2029-01-$(printf %02d "$day") $name shared $k" >>"$name.log"
    day=$((day + 2))
  done >/dev/null
}
writer A TEST-LD-01 1 & pa=$!
writer B TEST-CP-01 2 & pb=$!
wait $pa $pb
check "writers: only accepted (0) or refused by the rules (27)" "! awk '\$1 != 0 && \$1 != 27' A.log B.log | grep -q ."
check "writers: every own-site update accepted" "[ \$(awk '\$2 != \"TEST-TS-01\" && \$1 == 0' A.log B.log | wc -l) -eq 16 ]"
n_ref=$(awk '$1 == 27' A.log B.log | wc -l)
check "writers: every refusal reported with its reason ($n_ref refused)" "[ \$(grep -c 'never go backwards' A.err B.err | awk -F: '{s += \$2} END {print s}') -eq $n_ref ]"
$PG_PSQL -d register -At -F ' ' -c "SELECT site_id, status, date, source FROM status_history WHERE site_id IN ('TEST-LD-01', 'TEST-CP-01', 'TEST-TS-01') ORDER BY pg_xact_commit_timestamp(xmin), id" >hist.txt
check "writers: every accepted update is in the history, no refused one is" "$py - <<'PY'
acc, ref = set(), set()
for name in ('A', 'B'):
    for line in open(name + '.log', encoding='utf-8'):
        rc, site, st, date, src = line.split(' ', 4)
        (acc if rc == '0' else ref).add((site, st, date, src.strip()))
hist = [tuple(l.rstrip('\n').split(' ', 3)) for l in open('hist.txt', encoding='utf-8')]
written = set(h for h in hist if h[3].startswith(('A ', 'B ')))
assert written == acc, (sorted(acc - written)[:3], sorted(written - acc)[:3])
assert not (ref & written)
shared = [h[2] for h in hist if h[0] == 'TEST-TS-01']
assert shared == sorted(shared), shared  # never backwards, in the order committed
assert len([a for a in acc if a[0] == 'TEST-TS-01']) >= 1
PY"

echo "register (PostgreSQL): $pass passed, $fail failed"
[ "$fail" -eq 0 ]
