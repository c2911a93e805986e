#!/usr/bin/env bash
# A real single-node Slurm cluster (munged, slurmctld, slurmd started here,
# in the foreground, from a temporary folder) runs a small manifest through
# `gistool batch --scheduler slurm`: one array job and a dependent summary
# job. Its summary must equal the one `--jobs 2` writes locally (all but
# the durations). The daemons are stopped by their PIDs, even on failure.
# Exit 77 (skipped) only when the Slurm or munge packages are not installed.
# Usage: run_slurm.sh GISTOOL SOURCE_DIR [MANIFEST]
set -euo pipefail
bin=$(readlink -f "$1") src=$(cd "$2" && pwd)
manifest=${3:-}
for p in slurmctld slurmd sbatch squeue sinfo munged; do
  command -v "$p" > /dev/null 2>&1 || [ -x "/usr/sbin/$p" ] || {
    echo "SKIP: '$p' is not installed (Debian: slurmctld slurmd slurm-client munge; .ci/deps.sh --test)"
    exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "FAIL: the test starts slurmctld and munged, and must run as root"; exit 1; }

tmp=$(mktemp -d /tmp/gt_slurm_XXXXXX)
chmod 755 "$tmp"
pids=()
conf=/etc/slurm/slurm.conf
saved=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
  if [ -n "$saved" ]; then mv "$saved" "$conf"; else rm -f "$conf"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# munge: the key the package made, or a new one.
mkdir -p /run/munge /etc/munge
chown munge:munge /run/munge
[ -f /etc/munge/munge.key ] || { mungekey -c -k /etc/munge/munge.key; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
if ! munge -n 2> /dev/null | unmunge > /dev/null 2>&1; then
  setpriv --reuid=munge --regid=munge --clear-groups /usr/sbin/munged -F > "$tmp/munged.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do munge -n 2> /dev/null | unmunge > /dev/null 2>&1 && break; sleep 0.1; done
fi
munge -n | unmunge > /dev/null || { echo "FAIL: munged does not answer"; cat "$tmp/munged.log"; exit 1; }

# slurm.conf: one node (this machine), one partition; state in $tmp.
mkdir -p "$tmp/ctld" "$tmp/d" "$tmp/log" /etc/slurm
chown slurm:slurm "$tmp/ctld" "$tmp/log" 2> /dev/null || true
node=$(slurmd -C | head -1)
mem=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<< "$node")
node=$(sed "s/RealMemory=[0-9]*/RealMemory=$((mem * 9 / 10))/" <<< "$node")
host=$(hostname -s)
[ -f "$conf" ] && { saved="$tmp/slurm.conf.saved"; cp "$conf" "$saved"; }
cat > "$conf" <<CONF
ClusterName=gistooltest
SlurmctldHost=$host
AuthType=auth/munge
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
DependencyParameters=kill_invalid_depend
SlurmUser=slurm
StateSaveLocation=$tmp/ctld
SlurmdSpoolDir=$tmp/d
SlurmctldPidFile=$tmp/log/slurmctld.pid
SlurmdPidFile=$tmp/d/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/d/slurmd.log
$node
PartitionName=test Nodes=ALL Default=YES State=UP MaxTime=INFINITE
CONF
slurmctld -D > "$tmp/ctld.out" 2>&1 &
pids+=($!)
slurmd -D > "$tmp/d.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 100); do
  state=$(sinfo -h -o %t 2> /dev/null | head -1 || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || { echo "FAIL: the node is '$state', not idle"; tail -20 "$tmp/log/slurmctld.log" "$tmp/d/slurmd.log" 2>/dev/null; exit 1; }
echo "ok   single-node cluster up ($host)"

# The manifest: given, or a small one on the example province.
work=$tmp/work
mkdir -p "$work"
if [ -z "$manifest" ]; then
  manifest=$work/m.yaml
  printf 'name: broken\ncrs: EPSG:32648\nresolutoin_m: 100\n' > "$work/broken.yaml"
  cat > "$manifest" <<YAML
name: slurm-e2e
output: out
runs:
  - id: broken              # fails: its summary row must merge the same way
    scenario: $work/broken.yaml
  - id: rank
    command: rank
    scenario: $src/examples/ninh-binh/rank.yaml
matrix:
  id: w
  scenario: $src/examples/ninh-binh/site.yaml
  set: [resolution_m=2000]
  axes:
    weights:
      roads-first: ["weights={direct: {remoteness: 20, river_distance: 15, road_access: 45, slope: 10, landuse: 10}}"]
slurm:
  cpus_per_task: 1
  time: "00:10:00"
YAML
fi
"$bin" batch "$manifest" --scheduler slurm --dry-run --output "$work/slurm" > "$tmp/dry.txt"
grep -q '^#SBATCH --array=1-' "$tmp/dry.txt" && grep -q -- '--dependency=afterany:' "$tmp/dry.txt" \
  || { echo "FAIL: --dry-run"; cat "$tmp/dry.txt"; exit 1; }
echo "ok   --dry-run prints the array and summary scripts"
out=$("$bin" batch "$manifest" --scheduler slurm --output "$work/slurm")
echo "$out"
sjob=$(sed -n 's/.*summary job \([0-9]*\).*/\1/p' <<< "$out")
ajob=$(sed -n 's/^array job \([0-9]*\).*/\1/p' <<< "$out")
[ -n "$sjob" ] && [ -n "$ajob" ] || { echo "FAIL: no job ids"; exit 1; }
t0=$(date +%s)
while [ -n "$(squeue -h -j "$ajob,$sjob" 2> /dev/null)" ]; do
  [ $(( $(date +%s) - t0 )) -lt 900 ] || { echo "FAIL: jobs still queued after 900 s"; squeue; exit 1; }
  sleep 0.5
done
echo "ok   array job $ajob and summary job $sjob ended in $(( $(date +%s) - t0 )) s"
[ -f "$work/slurm/summary.csv" ] || { echo "FAIL: no summary"; cat "$work"/slurm/slurm/*.log; exit 1; }

# The same manifest locally, --jobs 2: the same summary but the durations.
t1=$(date +%s)
"$bin" --quiet batch "$manifest" --jobs 2 --output "$work/local" || true
echo "ok   local --jobs 2 in $(( $(date +%s) - t1 )) s"
/usr/bin/python3 - "$work/slurm" "$work/local" <<'PY'
import csv, sys
from osgeo import ogr
def rows(d):
    r = list(csv.DictReader(open(d + "/summary.csv")))
    for x in r:
        x.pop("duration_s")
    return r
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert a == b, "\n".join(str(x) for x in a + b)
assert all(x["status"] in ("ok", "failed") for x in a), a
def best(d):
    ds = ogr.Open(d + "/summary.gpkg")
    return [(f["run_id"], f.GetGeometryRef().ExportToWkt() if f.GetGeometryRef() else None)
            for f in ds.GetLayerByName("best_regions")]
assert best(sys.argv[1]) == best(sys.argv[2])
print("ok   Slurm summary == local --jobs 2 summary (%d runs)" % len(a))
PY
echo "slurm e2e: all passed"
