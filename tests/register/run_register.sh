#!/usr/bin/env bash
# gistool register end to end on a GeoPackage register: the demo commands,
# imports of a spreadsheet (CSV and XLSX) with several bad rows (all
# reported with their row numbers, nothing written), refused updates, the
# history, exports, gistool rank on the register against rank on the
# exported inventory, the snapshot for QGIS, schema migration and a newer
# schema refused, and --help of each verb against docs/register.md.
# Usage: run_register.sh GISTOOL SOURCE_DIR
set -uo pipefail
bin=$1 src=$2
py=/usr/bin/python3
d=$src/tests/register/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); echo "ok   $1"; else fail=$((fail + 1)); echo "FAIL $1"; fi; }
expect() { # name, exit code, pattern, command...
  local name=$1 code=$2 pattern=$3; shift 3
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" -eq "$code" ] && grep -qE -- "$pattern" <<<"$out"; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: exit $rc (expected $code), output:"; sed 's/^/     /' <<<"$out" | head -12
  fi
}
dump() { $py -c "import sqlite3,sys; print('\n'.join(sqlite3.connect(sys.argv[1]).iterdump()))" "$1" | sha256sum; }
source "$src/tests/register/flow.sh"

# --- the whole life of a register -----------------------------------------
check "flow: init, imports, updates, exports" "register_flow '$bin' '$src' reg.gpkg out"
check "register_meta: schema 1, Ninh Bình, GSO 37" "$py - <<'PY'
from osgeo import ogr
ds = ogr.Open('reg.gpkg')
m = {f['key']: f['value'] for f in ds.GetLayerByName('register_meta')}
assert m['schema_version'] == '1' and m['province'] == 'Ninh Bình' and m['province_code'] == '37', m
assert m['created_at'].endswith('Z') and m['gistool_version']
assert ds.GetLayerByName('facilities').GetFeatureCount() == 71
assert ds.GetLayerByName('commune_indicators').GetFeatureCount() == 3
assert ds.GetLayerByName('targets').GetFeatureCount() == 3
PY"
check "Vietnamese values mapped (Lò đốt rác, decimal comma, no status)" "$py - <<'PY'
import sqlite3
c = sqlite3.connect('reg.gpkg')
assert c.execute(\"select kind, polluting, capacity_tpd from facilities where site_id='TEST-LD-01'\").fetchone() == ('incinerator', 0, 300.0)
assert c.execute(\"select kind from facilities where site_id='TEST-CP-01'\").fetchone() == ('collection_point',)
assert c.execute(\"select status, date from status_history where site_id='TEST-CP-01'\").fetchall() == [('operating', '2025-01-01')]
assert c.execute(\"select status, date from status_history where site_id='TEST-LD-01'\").fetchall() == [('operating', '2023-12-31')]
# a remediated site of the inventory: closed then remediated, the same day
rows = c.execute(\"select h.status, h.date from status_history h join facilities f using (site_id) where f.site_id in (select site_id from status_history where status='remediated' and source like 'import:%') order by h.site_id, h.id\").fetchall()
assert rows and rows[0][0] == 'closed' and rows[1][0] == 'remediated' and rows[0][1] == rows[1][1], rows
assert c.execute(\"select generated_tpd, area_type from commune_indicators where commune_code='14380'\").fetchone() == (9.6, 'urban')
assert c.execute(\"select area_type from commune_indicators where commune_code='14497' and year=2025\").fetchone() == ('rural',)
assert c.execute(\"select date, note from status_history where site_id='NB-SD-001' and status='closed'\").fetchone() == ('2025-06-30', 'đóng bãi')
assert c.execute(\"select date from status_history where site_id='NB-UL-005' and status='remediated'\").fetchone() == ('2027-12-31',)
PY"
check "history printed in date order" "diff - out/history-NB-UL-002.txt <<'TXT'
NB-UL-002: Synthetic communal landfill 002, unsanitary_landfill, Xã Yên Đồng
2024-12-31  operating    import: $src/examples/ninh-binh/data/synthetic/synthetic_landfills.gpkg, row 2
2025-06-30  closed       QĐ 10/QĐ-UBND
2026-01-15  remediating  QĐ 11/QĐ-UBND
2026-12-20  remediated   Biên bản nghiệm thu 3
TXT"
check "history shows the reopening and its note" "grep -q '^2027-02-01  operating    QĐ 31; note: mở lại tạm thời$' out/history-NB-UL-006.txt"
expect "history of an unknown site" 22 "site 'NOPE' is not in the register" "$bin" register history reg.gpkg NOPE

# --- updates refused by the rules --------------------------------------------
before=$(dump reg.gpkg)
expect "update: remediated before closed refused" 27 "site NB-SD-002: remediated on 2025-05-01, but the site is operating since 2024-12-31: remediated comes only after closed or remediating; nothing was written" \
  "$bin" register update reg.gpkg NB-SD-002 --status remediated --date 2025-05-01 --source "QĐ 9"
expect "update: backwards refused" 27 "never go backwards" \
  "$bin" register update reg.gpkg NB-UL-002 --status closed --date 2026-01-01 --source "QĐ 9"
expect "update: after remediated, closed refused" 27 "after remediated only operating \(reopened\) may follow, with a note" \
  "$bin" register update reg.gpkg NB-UL-002 --status closed --date 2027-01-01 --source "QĐ 9"
expect "update: reopening without a note refused" 27 "with a note" \
  "$bin" register update reg.gpkg NB-UL-002 --status operating --date 2027-01-01 --source "QĐ 9"
expect "update: unknown site" 22 "'NOPE' is not in the register" \
  "$bin" register update reg.gpkg NOPE --status closed --date 2027-01-01 --source "QĐ 9"
expect "update: bad date" 2 "--date '2027-02-30' is not a date" \
  "$bin" register update reg.gpkg NB-UL-002 --status closed --date 2027-02-30 --source "QĐ 9"
expect "update: bad status" 2 "--status is operating, closed, remediating or remediated \(got 'shut'\)" \
  "$bin" register update reg.gpkg NB-UL-002 --status shut --date 2027-02-01 --source "QĐ 9"
expect "update: no source" 2 "--source are required" \
  "$bin" register update reg.gpkg NB-UL-002 --status closed --date 2027-02-01
check "refused updates wrote nothing" "[ \"\$(dump reg.gpkg)\" = '$before' ]"
check "the database refuses what the rules refuse (trigger, CHECK)" "$py - <<'PY'
import sqlite3
c = sqlite3.connect('reg.gpkg')
for sql in [\"insert into status_history (site_id, status, date, source, recorded_at) values ('NB-SD-002', 'remediated', '2026-01-01', 'x', 'now')\",
            \"insert into status_history (site_id, status, date, source, recorded_at) values ('NB-SD-002', 'closed', '2026-02-30', 'x', 'now')\",
            \"insert into status_history (site_id, status, date, source, recorded_at) values ('NB-SD-002', 'shut', '2026-02-01', 'x', 'now')\",
            \"insert into status_history (site_id, status, date, source, recorded_at) values ('NOPE', 'closed', '2026-02-01', 'x', 'now')\",
            \"update status_history set status = 'closed' where site_id = 'NB-SD-002'\",
            \"delete from facilities where site_id = 'NB-SD-002'\",
            \"insert into facilities (site_id, kind) values ('X-1', 'landfill')\",
            \"insert into facilities (site_id, kind, polluting) values ('X-2', 'incinerator', 2)\",
            \"insert into commune_indicators (commune_code, year, area_type, households, households_sorting) values ('1', 2025, 'rural', 10, 11)\"]:
    try:
        c.execute(sql)
    except sqlite3.DatabaseError:
        continue
    raise SystemExit('accepted: ' + sql)
PY"
check "nothing written by the refused statements" "[ \"\$(dump reg.gpkg)\" = '$before' ]"

# --- imports with bad rows: all reported, nothing written --------------------
# on a register holding the inventory alone
"$bin" -q register init base.gpkg --province 37 >/dev/null
"$bin" -q register import base.gpkg facilities "$src/examples/ninh-binh/data/synthetic/synthetic_landfills.gpkg" --status-date 2024-12-31 >/dev/null
before=$(dump base.gpkg)
expect "import history: 5 bad rows, all reported" 22 "history_bad.csv' \(layer 'history_bad'\): 5 bad rows; nothing was written" \
  "$bin" register import base.gpkg history "$d/history_bad.csv"
out=$("$bin" register import base.gpkg history "$d/history_bad.csv" 2>&1)
check "history: every bad row named with its row" "grep -q 'row 2: site NB-UL-006: remediated on 2025-05-01, but the site is operating since 2024-12-31' <<<\"\$out\" &&
  grep -q 'row 3: site NB-UL-004: closed on 2023-01-01 is before the site.s latest entry (closed on 2024-12-31)' <<<\"\$out\" &&
  grep -q 'row 4: site NOPE-1 is not in the register' <<<\"\$out\" && grep -q \"row 5: site NB-UL-002: status 'shut' is not one of\" <<<\"\$out\" &&
  grep -q \"row 6: site NB-UL-006: date '2025-13-01' is not a date\" <<<\"\$out\" && ! grep -q 'row 7' <<<\"\$out\""
expect "import indicators: 5 bad rows" 22 "5 bad rows; nothing was written" "$bin" register import base.gpkg indicators "$d/indicators_bad.csv"
out=$("$bin" register import base.gpkg indicators "$d/indicators_bad.csv" 2>&1)
check "indicators: every bad row named" "grep -q 'row 2: commune 14500, 2025: households_sorting (1500) is more than households (1000)' <<<\"\$out\" &&
  grep -q 'row 3: commune 14501, 2025: collected_tpd (4) is more than generated_tpd (3)' <<<\"\$out\" &&
  grep -q \"row 4: commune 14502: area_type 'miền núi' is not urban or rural\" <<<\"\$out\" &&
  grep -q \"row 5: year 'năm 2025' is not a number\" <<<\"\$out\" && grep -q 'row 7: commune 14504, 2025 appears twice' <<<\"\$out\""
# the same bad facilities as CSV and as an XLSX sheet (as a commune sends it)
ogr2ogr -f XLSX bad.xlsx "$d/facilities_bad_vi.csv" -nln "Cơ sở" 2>/dev/null
for f in "$d/facilities_bad_vi.csv" bad.xlsx; do
  n=$(basename "$f")
  expect "import facilities $n: 5 bad rows" 22 "5 bad rows; nothing was written" "$bin" register import base.gpkg facilities "$f"
  out=$("$bin" register import base.gpkg facilities "$f" 2>&1)
  check "$n: rows 3-7 named, row 2 not" "grep -q \"row 3: site BAD-02: kind 'Bãi rác không rõ loại' is not one of\" <<<\"\$out\" &&
    grep -q 'row 4: capacity_tpd is negative (-5)' <<<\"\$out\" && grep -q 'row 5: site NB-UL-001: site_id appears twice' <<<\"\$out\" &&
    grep -q \"row 6: site BAD-05: lon 'abc'\" <<<\"\$out\" && grep -q \"row 7: site BAD-06: status 'Bỏ hoang' is not one of\" <<<\"\$out\" &&
    ! grep -q 'row 2:' <<<\"\$out\""
done
check "bad imports wrote nothing" "[ \"\$(dump base.gpkg)\" = '$before' ]"
expect "import: unknown table" 2 "TABLE 'sites' is not one of" "$bin" register import base.gpkg sites "$d/history.csv"
expect "import: missing file" 20 "cannot open '.*nosuch.csv'" "$bin" register import base.gpkg history nosuch.csv
"$bin" -q register init fresh.gpkg --province 37 >/dev/null
expect "import: facilities without status year need --status-date" 22 "feature 1: site NB-UL-001: no status_year, and no --status-date" \
  "$bin" register import fresh.gpkg facilities "$src/examples/ninh-binh/data/synthetic/synthetic_landfills.gpkg"

# --- the template's headings are the importer's ------------------------------
check "template: the XLSX has the sheets the generator writes" "$py - '$src' <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + '/data/templates')
from osgeo import gdal
import make_templates
ds = gdal.OpenEx(sys.argv[1] + '/data/templates/so-dang-ky-chat-thai.xlsx', open_options=['HEADERS=FORCE'])
names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
assert names == [s for s, _ in make_templates.SHEETS] + ['Hướng dẫn'], names
head = open(sys.argv[1] + '/tests/register/data/facilities_vi.csv', encoding='utf-8').readline().strip().split(',')
assert all(h in make_templates.SHEETS[0][1] for h in head), head
PY"
$py "$src/data/templates/make_templates.py" tpl.xlsx >/dev/null
$py - "$src" <<'PY'
# a filled copy of the template: every heading of every sheet, one row
import sys
sys.path.insert(0, sys.argv[1] + '/data/templates')
from osgeo import ogr
import make_templates
rows = {'Cơ sở': ['TPL-01', 'Bãi rác xã Gia Vân', 'Xã Gia Vân', '14497', 'Bãi rác tự phát', 'Có', '', '0,4',
                  '1200', '6', 'Hỗn hợp', 'Không', 'Một phần', 'Không rõ', 'Có', '2015', 'Đang hoạt động',
                  '2024', '105,89', '20,33'],
        'Lịch sử tình trạng': ['TPL-01', 'Đã đóng cửa', '15/03/2025', 'QĐ 77/QĐ-UBND', ''],
        'Chỉ số xã': ['14497', 'Xã Gia Vân', '2024', 'nông thôn', '8000', '2100', '4,1', '2,8', '2,8', '', '',
                      '', '', '120', 'Báo cáo xã'],
        'Chỉ tiêu': ['households_sorting_pct', '2030', '60', 'Kế hoạch tỉnh']}
ds = ogr.GetDriverByName('XLSX').CreateDataSource('filled.xlsx')
for name, cols in make_templates.SHEETS:
    l = ds.CreateLayer(name, geom_type=ogr.wkbNone)
    for c in cols:
        l.CreateField(ogr.FieldDefn(c, ogr.OFTString))
    f = ogr.Feature(l.GetLayerDefn())
    for i, v in enumerate(rows[name]):
        if v:
            f.SetField(i, v)
    l.CreateFeature(f)
ds = None
PY
cp reg.gpkg tpl.gpkg
check "template sheets import (facilities, history, indicators, targets)" "'$bin' -q register import tpl.gpkg facilities filled.xlsx >/dev/null &&
  '$bin' -q register import tpl.gpkg history filled.xlsx >/dev/null && '$bin' -q register import tpl.gpkg indicators filled.xlsx >/dev/null &&
  '$bin' -q register import tpl.gpkg targets filled.xlsx >/dev/null && $py - <<'PY'
import sqlite3
c = sqlite3.connect('tpl.gpkg')
assert c.execute(\"select kind, area_ha, waste_type, liner, cover, leachate, burning, opened_year from facilities where site_id='TPL-01'\").fetchone() == ('spontaneous_dump', 0.4, 'mixed', 'no', 'partial', 'unknown', 'yes', 2015)
assert c.execute(\"select status, date from status_history where site_id='TPL-01' order by id\").fetchall() == [('operating', '2024-12-31'), ('closed', '2025-03-15')]
assert c.execute(\"select area_type, generated_tpd from commune_indicators where year=2024\").fetchone() == ('rural', 4.1)
assert c.execute(\"select value from targets where indicator='households_sorting_pct'\").fetchone() == (60.0,)
PY"

# --- exports and gistool rank on the register ----------------------------------
check "inventory as of 2025: statuses of the end of 2025" "$py - <<'PY'
import csv
rows = {r['site_id']: r for r in csv.DictReader(open('out/inventory-2025.csv', encoding='utf-8'))}
assert len(rows) == 68, len(rows)  # landfills and dumps only
assert rows['NB-UL-002']['status'] == 'closed' and rows['NB-UL-002']['status_year'] == '2025'
assert rows['NB-UL-006']['status'] == 'closed' and rows['NB-UL-005']['status'] == 'remediating'
latest = {r['site_id']: r for r in csv.DictReader(open('out/inventory.csv', encoding='utf-8'))}
assert latest['NB-UL-002']['status'] == 'remediated' and latest['NB-UL-002']['status_year'] == '2026'
assert latest['NB-UL-006']['status'] == 'operating' and latest['NB-UL-005']['status'] == 'remediated'
assert 'TEST-LD-01' not in latest
PY"
mkdir nb && cp -r "$src/examples/ninh-binh/." nb/
sed "s|source: data/synthetic/synthetic_landfills.gpkg|source: ../reg.gpkg|" nb/rank.yaml >nb/rank-register.yaml
sed "s|source: data/synthetic/synthetic_landfills.gpkg|source: ../out/inventory-2025.gpkg|" nb/rank.yaml >nb/rank-file.yaml
check "rank reads the register (as of 2025)" "'$bin' -q rank nb/rank-register.yaml --as-of 2025 -o r1.gpkg --csv r1.csv"
check "rank on the exported inventory" "'$bin' -q rank nb/rank-file.yaml --as-of 2025 -o r2.gpkg --csv r2.csv"
check "the same landfills table from the register and from its export" "cmp -s r1.csv r2.csv && $py - <<'PY'
from osgeo import ogr
def table(p):
    ds = ogr.Open(p)
    l = ds.GetLayerByName('landfills')
    return sorted(tuple(f.GetField(i) for i in range(f.GetFieldCount())) + (f.GetGeometryRef().ExportToWkt(),) for f in l)
a, b = table('r1.gpkg'), table('r2.gpkg')
assert len(a) == 68 and a == b
PY"
check "rank on a register without --as-of takes the latest statuses" "'$bin' -q rank nb/rank-register.yaml -o r3.gpkg --csv r3.csv && grep -q '\"NB-UL-002\".*remediated' r3.csv"
check "snapshot: facilities with status, aliases, style, history" "$py - <<'PY'
from osgeo import ogr
ds = ogr.Open('out/snapshot.gpkg')
l = ds.GetLayerByName('facilities')
assert l.GetFeatureCount() == 71 and l.GetSpatialRef().GetAuthorityCode(None) == '4326'
st = {f['site_id']: (f['status'], f['status_date']) for f in l}
assert st['NB-UL-006'] == ('operating', '2027-02-01') and st['TEST-CP-01'] == ('operating', '2025-01-01')
assert ds.GetLayerByName('status_history').GetFeatureCount() > 71
s = ds.ExecuteSQL(\"select styleQML from layer_styles where f_table_name='facilities'\")
qml = s.GetNextFeature().GetField(0); ds.ReleaseResultSet(s)
assert 'Đã cải tạo / remediated' in qml and 'Tình trạng hiện tại' in qml
s = ds.ExecuteSQL(\"select title from gpkg_data_columns where table_name='status_history' and column_name='source'\")
assert s.GetNextFeature().GetField(0) == 'Nguồn (quyết định, báo cáo)'; ds.ReleaseResultSet(s)
PY"
check "no temporary files left" "! ls -A out | grep -q 'tmp-'"

# --- schema versions ------------------------------------------------------------
cp reg.gpkg v0.gpkg
$py - <<'PY'
# schema v0, as before the first release: no recorded_by, no targets table
import sqlite3
c = sqlite3.connect('v0.gpkg')
c.executescript("""
DROP TABLE targets; DELETE FROM gpkg_contents WHERE table_name = 'targets';
DROP TRIGGER status_history_no_update; DROP TRIGGER status_history_no_delete;
ALTER TABLE status_history DROP COLUMN recorded_by;
UPDATE register_meta SET value = '0' WHERE key = 'schema_version';""")
c.commit()
PY
expect "a v0 register is upgraded on opening" 0 "upgraded from schema_version 0 to 1" "$bin" register history v0.gpkg NB-UL-002
check "v1 after the upgrade: recorded_by and targets" "$py -c \"
import sqlite3
c = sqlite3.connect('v0.gpkg')
assert c.execute(\\\"select value from register_meta where key='schema_version'\\\").fetchone() == ('1',)
assert 'recorded_by' in [r[1] for r in c.execute('pragma table_info(status_history)')]
assert c.execute('select count(*) from targets').fetchone() == (0,)\" && '$bin' -q register import v0.gpkg targets '$d/targets.csv' >/dev/null"
cp reg.gpkg v9.gpkg
$py -c "import sqlite3; c = sqlite3.connect('v9.gpkg'); c.execute(\"update register_meta set value='9' where key='schema_version'\"); c.commit()"
expect "a newer schema is refused" 20 "has schema_version 9, newer than this gistool reads \(1\)" "$bin" register history v9.gpkg NB-UL-002
expect "not a register" 20 "is not a register \(it has no register_meta table" "$bin" register history "$src/examples/ninh-binh/data/synthetic/synthetic_landfills.gpkg" NB-UL-001
expect "init refuses an existing file" 30 "exists; a register is made once" "$bin" register init reg.gpkg --province 37
expect "init: unknown province" 2 "Ninh Bìn" "$bin" register init new.gpkg --province "Ninh Bìnhh"
check "init: refused init made no file" "[ ! -e new.gpkg ]"
expect "init: no province" 2 "--province NAME is required" "$bin" register init new.gpkg
# Six inits of one path at once: exactly one makes the register (the others
# are told it exists), which then opens, and no temporary file is left; a
# killed init's temporary file is removed by the next init of the path.
mkdir race
for k in 1 2 3 4 5 6; do ("$bin" -q register init race/r.gpkg --province 37 > /dev/null 2> race/err$k; echo $? > race/rc$k) & done
wait
check "init: six at once, one made it" "[ \"\$(cat race/rc? | sort | tr '\n' ' ')\" = '0 30 30 30 30 30 ' ]"
check "init: the others were told it exists" "[ \"\$(grep -l 'exists; a register is made once' race/err? | wc -l)\" = 5 ]"
check "init: the register made at once is whole" "$py -c \"import sqlite3; c = sqlite3.connect('race/r.gpkg'); assert c.execute(\\\"select value from register_meta where key = 'schema_version'\\\").fetchone() == ('1',)\""
check "init: no temporary file left" "[ -z \"\$(ls -A race | grep tmp-)\" ]"
: > race/.k.gpkg.tmp-999999.gpkg
"$bin" -q register init race/k.gpkg --province 37 > /dev/null
check "init: a killed init's temporary file is removed" "[ ! -e race/.k.gpkg.tmp-999999.gpkg ] && [ -s race/k.gpkg ]"
expect "no verb" 2 "missing verb" "$bin" register
expect "unknown verb" 2 "unknown verb 'delete'" "$bin" register delete reg.gpkg

# --- --help of each verb is the block in docs/register.md --------------------------
for v in "" init import update export history; do
  name="register${v:+ $v}"
  $py - "$src/docs/register.md" "$name" "$("$bin" register $v --help)" <<'PY' && { pass=$((pass + 1)); echo "ok   docs-help-$name"; } || { fail=$((fail + 1)); echo "FAIL docs-help-$name: docs/register.md and 'gistool $name --help' differ"; }
import sys
doc, name, help_text = sys.argv[1:]
text = open(doc, encoding='utf-8').read()
begin, end = '<!-- BEGIN gistool %s --help -->' % name, '<!-- END gistool %s --help -->' % name
block = text[text.index(begin) + len(begin):text.index(end)]
assert block == '\n```text\n' + help_text + '\n```\n'
PY
done

echo "register: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
