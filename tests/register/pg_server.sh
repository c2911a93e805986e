# pg_server.sh: a throw-away PostgreSQL + PostGIS server for a test, on a
# Unix socket in its own folder (no TCP port), started and stopped by PID.
# Source it, then:
#   pg_start DIR    initdb + pg_ctl start in DIR, database `register` with
#                   PostGIS; exports PG_DSN ("PG:dbname=register host=DIR
#                   user=postgres"), PG_DIR and PG_PSQL (psql on it)
#   pg_stop         pg_ctl stop, then remove DIR (safe to call twice)
#   pg_available    0 when the server binaries and PostGIS are installed
# As root (CI, containers) the server runs as `nobody`: PostgreSQL refuses
# to run as root. SPDX-License-Identifier: MIT

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}

pg_available() {
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/postgres" ] &&
    ls "$PG_BIN"/../../../../share/postgresql/*/extension/postgis.control >/dev/null 2>&1
}

_pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

pg_start() {
  PG_DIR=$1
  mkdir -p "$PG_DIR" || return 1
  if [ "$(id -u)" = 0 ]; then
    chown nobody "$PG_DIR"
    chmod o+x "$(dirname "$PG_DIR")" # nobody must reach its folder
  fi
  chmod 700 "$PG_DIR"
  _pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$PG_DIR/initdb.log" 2>&1 || { echo "pg_start: initdb failed:"; cat "$PG_DIR/initdb.log"; return 1; }
  _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-k $PG_DIR -c listen_addresses= -c fsync=off -c track_commit_timestamp=on" start >/dev/null ||
    { echo "pg_start: the server did not start:"; cat "$PG_DIR/server.log"; return 1; }
  PG_PSQL="$PG_BIN/psql -X -q -v ON_ERROR_STOP=1 -h $PG_DIR -U postgres"
  $PG_PSQL -d postgres -c "CREATE DATABASE register" &&
    $PG_PSQL -d register -c "CREATE EXTENSION postgis" || return 1
  export PG_DIR PG_PSQL PG_DSN="PG:dbname=register host=$PG_DIR user=postgres"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 ||
      kill "$(head -1 "$PG_DIR/data/postmaster.pid")" 2>/dev/null
  fi
  rm -rf "$PG_DIR"
  PG_DIR=
}
