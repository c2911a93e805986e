#!/usr/bin/env bash
# gistool progress end to end: a fixture register (schema v1) and rank plan,
# the report in Vietnamese (default names) and English (-o, --pdf, --csv),
# every CSV value recomputed from the fixture's tables with plain SQL
# (tests/e2e/check_progress.py). Usage: run_progress.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$src/tests/e2e/check_progress.py" "$bin" "$src" "$tmp"
