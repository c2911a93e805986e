#!/usr/bin/env bash
# gistool progress on a register in PostgreSQL: the fixture register copied
# into a private PostgreSQL + PostGIS cluster (a temporary folder, a Unix
# socket, no TCP) with ogr2ogr, read through a PG: string; its CSV must equal
# the one read from the GeoPackage byte for byte. Skipped (77) when
# PostgreSQL 15 or PostGIS is not installed.
# Usage: run_progress_pg.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] && [ -x "$pgbin/pg_ctl" ] || { echo "skip: no PostgreSQL 15"; exit 77; }
ls /usr/share/postgresql/15/extension/postgis.control > /dev/null 2>&1 || { echo "skip: no PostGIS"; exit 77; }
tmp=$(mktemp -d)
data="$tmp/pgdata"
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); chmod 755 "$tmp"; fi
mkdir "$data"
[ "$(id -u)" = 0 ] && chown postgres "$data"
port=$((50000 + $$ % 10000))
cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" stop -m fast > /dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$data" -A trust -U postgres > /dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$data" -o "-k $data -p $port -c listen_addresses=''" \
  -l "$data/log" -w start > /dev/null
pg="host=$data port=$port user=postgres"
psql -q -h "$data" -p "$port" -U postgres -c "CREATE DATABASE reg"
psql -q -h "$data" -p "$port" -U postgres -d reg -c "CREATE EXTENSION postgis"
/usr/bin/python3 "$src/tests/e2e/make_progress_fixture.py" "$tmp"
ogr2ogr -f PostgreSQL "PG:$pg dbname=reg" "$tmp/fixture-register.gpkg"
"$bin" --quiet progress "$tmp/fixture-register.gpkg" --year 2026 --plan "$tmp/fixture-rank.gpkg"
"$bin" --quiet progress "PG:$pg dbname=reg" --year 2026 --plan "$tmp/fixture-rank.gpkg" \
  -o "$tmp/pg.html" --pdf "$tmp/pg.pdf" --csv "$tmp/pg.csv"
cmp "$tmp/pg.csv" "$tmp/fixture-progress-2026.csv"
echo "ok   the PG: register gives the GeoPackage's CSV"
grep -q "U2" "$tmp/pg.html" && echo "ok   the PG: report names the sites behind schedule"
