#!/usr/bin/env bash
# The national manifest (examples/national/national.yaml: gistool init and
# site for the 34 provinces at 2 km) on a real one-node Slurm cluster and
# locally with --jobs 2, timed; the two summaries must be equal (see
# run_slurm.sh). Skipped (77) when the build has no `gistool init`.
# Usage: run_national.sh GISTOOL SOURCE_DIR
set -euo pipefail
bin=$(readlink -f "$1") src=$(cd "$2" && pwd)
if ! "$bin" init --help > /dev/null 2>&1; then
  echo "SKIP: this gistool has no 'init' command yet"
  exit 77
fi
exec bash "$src/tests/slurm/run_slurm.sh" "$bin" "$src" "$src/examples/national/national.yaml"
