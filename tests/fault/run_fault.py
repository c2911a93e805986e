#!/usr/bin/python3
"""Faults while writing: a run's outputs are committed together or not at
all (docs/exit-codes.md). Each output kind is made unwritable in turn (a
folder in the way, a read-only folder, a full file system); runs are killed
with SIGTERM, SIGINT and SIGKILL while writing; two runs write the same
outputs at once; a 250-character output name; an output through a symbolic
link. After each: the documented exit code, every previous output
untouched, no temporary file left (after SIGKILL: removed by the next run).

A full disk and a read-only folder need root to mount a small tmpfs or a
read-only bind mount. Without root, a read-only folder is chmod 555 and a
full disk is the file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored, so a write
fails with EFBIG as it would with ENOSPC); the test says which it used.
Usage: run_fault.py GISTOOL SOURCE_DIR [--quick]
--quick (the sanitizer build): the rank, map and report cases and SIGTERM;
the site runs that only repeat the same commit path are left out.
Also register export (inventory and snapshot) and progress (HTML, CSV, PDF)
with one of their outputs unwritable."""
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BIN, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
QUICK = "--quick" in sys.argv[3:]
EX = os.path.join(SRC, "examples", "ninh-binh")
SENTINEL = b"previous good output\n"


def scenario(path, outputs, kind="site"):
    text = open(os.path.join(EX, kind + ".yaml"), encoding="utf-8").read()
    text = text.replace("source: data/", "source: %s/data/" % EX)
    if kind == "site":  # coarse, so that a run takes seconds
        text = text.replace("resolution_m: 50", "resolution_m: 250")
    text = re.sub(r"\noutputs:\n(  .*\n?)*", "\noutputs:\n" + outputs, text)
    open(path, "w", encoding="utf-8").write(text)


def temporaries(*dirs):
    return [os.path.join(d, f) for d in dirs if os.path.isdir(d) for f in os.listdir(d)
            if ".tmp-" in f]


def sentinel(*paths):
    for p in paths:
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "wb").write(SENTINEL)


def untouched(paths):
    return [p for p in paths if not os.path.isfile(p) or open(p, "rb").read() != SENTINEL]


ROOT = os.geteuid() == 0


def can_mount():
    if not ROOT:
        return False
    d = tempfile.mkdtemp(prefix="gt_fault_m")
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", d],
                        capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", d])
    os.rmdir(d)
    return ok


MOUNT = can_mount()
mounts = []


def full_fs(d, size="32k"):
    """d becomes a nearly full file system (or, without mounts, nothing:
    the caller limits the file size)."""
    os.makedirs(d, exist_ok=True)
    if MOUNT:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", d], check=True)
        mounts.append(d)


def read_only(d):
    if MOUNT:
        subprocess.run(["mount", "--bind", d, d], check=True)
        mounts.append(d)
        subprocess.run(["mount", "-o", "remount,bind,ro", d], check=True)
    else:
        os.chmod(d, 0o555)


def release():
    while mounts:
        subprocess.run(["umount", "-l", mounts.pop()])


def fsize_limit(limit):
    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


results = []


def report(name, problems, p=None):
    results.append(not problems)
    print("%-34s %s" % (name, "ok" if not problems else "FAIL: " + "; ".join(problems)))
    if problems and p is not None:
        print("    stderr: " + (p.stderr or "").strip().replace("\n", "\n            "))


def run(args, **kw):
    return subprocess.run([BIN, "--quiet"] + args, capture_output=True, text=True, **kw)


def unwritable_case(name, kind, outputs, previous, make_bad, pattern, out_args=(), limit=None):
    """A run whose output `bad` cannot be written: exit 30, the others
    untouched, no temporary file."""
    if QUICK and kind == "site" and "report" not in name:
        return
    tmp = tempfile.mkdtemp(prefix="gt_fault_")
    try:
        scen = os.path.join(tmp, "s.yaml")
        scenario(scen, outputs.replace("{T}", tmp), kind)
        prev = [p.replace("{T}", tmp) for p in previous]
        sentinel(*prev)
        make_bad(tmp)
        p = run([kind, scen] + [a.replace("{T}", tmp) for a in out_args],
                preexec_fn=fsize_limit(limit) if limit else None)
        problems = []
        if p.returncode != 30:
            problems.append("exit code %d, expected 30" % p.returncode)
        if not re.search(pattern, p.stderr):
            problems.append("message does not match /%s/" % pattern)
        changed = untouched(prev)
        if changed:
            problems.append("previous output changed: %s" % [os.path.basename(c) for c in changed])
        dirs = {os.path.dirname(x) for x in prev} | {tmp}
        left = temporaries(*dirs)
        if left:
            problems.append("temporary files left: %s" % left)
        report(name, problems, p)
    finally:
        release()
        for root, ds, _ in os.walk(tmp):
            for d in ds:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(tmp)


SITE_OUT = "  gpkg: {T}/out.gpkg\n  cog: {T}/cog/suit.tif\n  report: true\n"
SITE_PREV = ["{T}/out.gpkg", "{T}/cog/suit.tif", "{T}/out.html"]
RANK_OUT = "  gpkg: {T}/r.gpkg\n  csv: {T}/csv/r.csv\n"
RANK_PREV = ["{T}/r.gpkg", "{T}/csv/r.csv"]


def in_the_way(rel):
    def f(tmp):
        p = os.path.join(tmp, rel)
        if os.path.exists(p):
            os.remove(p)
        os.makedirs(p)
    return f


def mkdir_ro(rel):
    return lambda tmp: read_only(os.path.join(tmp, rel))


def full(rel, prev):
    def f(tmp):
        d = os.path.join(tmp, rel)
        if MOUNT:
            full_fs(d)
            sentinel(os.path.join(d, prev))
    return f


print("full disk: %s; read-only folder: %s" % (
    "a 32 KiB tmpfs" if MOUNT else "the file-size limit (no mount without root)",
    "a read-only bind mount" if MOUNT else "chmod 555"))

# Every output kind of `site` and `rank` unwritable in turn.
unwritable_case("site: GeoPackage is a folder", "site", SITE_OUT, SITE_PREV[1:],
                in_the_way("out.gpkg"), r"cannot write '.*out\.gpkg': Is a directory")
unwritable_case("site: COG is a folder", "site", SITE_OUT, [SITE_PREV[0], SITE_PREV[2]],
                in_the_way("cog/suit.tif"), r"suit\.tif': Is a directory")
unwritable_case("site: report is a folder", "site", SITE_OUT, SITE_PREV[:2],
                in_the_way("out.html"), r"report: cannot write '.*out\.html': Is a directory")
if MOUNT or not ROOT:
    unwritable_case("site: COG folder read-only", "site", SITE_OUT, SITE_PREV,
                    mkdir_ro("cog"), r"suit\.tif")
    unwritable_case("rank: CSV folder read-only", "rank", RANK_OUT, RANK_PREV,
                    mkdir_ro("csv"), r"r\.csv")
else:
    print("%-34s skipped (root without mounts ignores permissions)" % "read-only folders")
if MOUNT:
    unwritable_case("site: COG on a full disk", "site", SITE_OUT, SITE_PREV,
                    full("cog", "suit.tif"), r"suit\.tif")
    unwritable_case("rank: GeoPackage on a full disk", "rank",
                    "  gpkg: {T}/g/r.gpkg\n  csv: {T}/csv/r.csv\n", ["{T}/g/r.gpkg", "{T}/csv/r.csv"],
                    full("g", "r.gpkg"), r"r\.gpkg")
else:
    unwritable_case("site: file-size limit", "site", SITE_OUT, SITE_PREV, lambda t: None,
                    r"out\.gpkg|suit\.tif|failed", limit=200000)
unwritable_case("rank: GeoPackage is a folder", "rank", RANK_OUT, RANK_PREV[1:],
                in_the_way("r.gpkg"), r"cannot write '.*r\.gpkg': Is a directory",
                out_args=("-o", "{T}/r.gpkg", "--csv", "{T}/csv/r.csv"))
unwritable_case("rank: CSV is a folder", "rank", RANK_OUT, RANK_PREV[:1],
                in_the_way("csv/r.csv"), r"r\.csv': Is a directory")


# One good rank run to draw maps and a report from.
GOOD = tempfile.mkdtemp(prefix="gt_fault_good_")
scenario(os.path.join(GOOD, "r.yaml"), "  gpkg: %s/run.gpkg\n" % GOOD, "rank")
assert run(["rank", os.path.join(GOOD, "r.yaml")]).returncode == 0, "the good rank run failed"
RUN = os.path.join(GOOD, "run.gpkg")


def command_case(name, args, prev, bad, pattern):
    tmp = tempfile.mkdtemp(prefix="gt_fault_")
    try:
        prevs = [os.path.join(tmp, x) for x in prev]
        sentinel(*prevs)
        os.makedirs(os.path.join(tmp, bad))
        p = run([a.replace("{T}", tmp) for a in args])
        problems = []
        if p.returncode != 30:
            problems.append("exit code %d, expected 30" % p.returncode)
        if not re.search(pattern, p.stderr):
            problems.append("message does not match /%s/" % pattern)
        changed = untouched(prevs)
        if changed:
            problems.append("previous output changed: %s" % [os.path.basename(c) for c in changed])
        if temporaries(tmp):
            problems.append("temporary files left: %s" % temporaries(tmp))
        report(name, problems, p)
    finally:
        shutil.rmtree(tmp)


command_case("map: one sheet is a folder", ["map", RUN, "-o", "{T}/m", "--dpi", "36"],
             ["m-A4.png", "m-A4.pdf", "m-A3.png"], "m-A3.pdf", r"m-A3\.pdf")
command_case("report: path is a folder", ["report", RUN, "-o", "{T}/rep.html"], [], "rep.html",
             r"rep\.html': Is a directory")

# network: its GeoPackage and its sheets are one transaction (the GeoPackage
# was replaced before a sheet failed, with exit 30).
SITE_RUN = os.path.join(GOOD, "site.gpkg")
scenario(os.path.join(GOOD, "s.yaml"), "  gpkg: %s\n" % SITE_RUN)
assert run(["site", os.path.join(GOOD, "s.yaml")]).returncode == 0, "the good site run failed"
NET = os.path.join(GOOD, "n.yaml")
open(NET, "w", encoding="utf-8").write(
    open(os.path.join(EX, "network.yaml"), encoding="utf-8").read()
    .replace("source: data/", "source: %s/data/" % EX)
    .replace("site_run: out/ninh-binh-site.gpkg", "site_run: %s" % SITE_RUN))
command_case("network: a sheet is a folder", ["network", NET, "-o", "{T}/n.gpkg"], ["n.gpkg"],
             "n-A4.png", r"n-A4\.png': Is a directory")

# register export and progress: their outputs are one transaction too (the
# export's inventory was renamed into place before its snapshot failed).
REG = os.path.join(GOOD, "reg.gpkg")
for a in (["register", "init", REG, "--province", "37"],
          ["register", "import", REG, "facilities",
           os.path.join(EX, "data", "synthetic", "synthetic_landfills.gpkg"),
           "--status-date", "2024-12-31"]):
    assert run(a).returncode == 0, "the register could not be made"
command_case("register export: snapshot is a folder",
             ["register", "export", REG, "--inventory", "{T}/inv.gpkg", "--snapshot",
              "{T}/snap.gpkg"], ["inv.gpkg"], "snap.gpkg", r"snap\.gpkg")
command_case("progress: the PDF is a folder",
             ["progress", REG, "--year", "2025", "-o", "{T}/p.html", "--csv", "{T}/p.csv",
              "--pdf", "{T}/p.pdf"], ["p.html", "p.csv"], "p.pdf", r"p\.pdf")


def names_case():
    tmp = tempfile.mkdtemp(prefix="gt_fault_")
    try:
        scen = os.path.join(tmp, "r.yaml")
        scenario(scen, "  gpkg: x.gpkg\n", "rank")
        long = os.path.join(tmp, "n" * 245)
        os.makedirs(os.path.join(tmp, "target"))
        os.symlink("target/real.gpkg", os.path.join(tmp, "link.gpkg"))
        problems = []
        p = run(["rank", scen, "-o", long + ".gpkg", "--csv", long + ".csv"])
        if p.returncode != 0 or not os.path.isfile(long + ".gpkg") or not os.path.isfile(long + ".csv"):
            problems.append("250-character names: exit %d, %s" % (p.returncode, p.stderr.strip()))
        p = run(["rank", scen, "-o", os.path.join(tmp, "link.gpkg")])
        if p.returncode != 0 or not os.path.islink(os.path.join(tmp, "link.gpkg")) \
                or not os.path.isfile(os.path.join(tmp, "target", "real.gpkg")):
            problems.append("symbolic link: the link was replaced or the target not written")
        if temporaries(tmp, os.path.join(tmp, "target")):
            problems.append("temporary files left")
        report("250-character name, symbolic link", problems, p)
    finally:
        shutil.rmtree(tmp)


names_case()


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def signal_case(name, sig):
    """Kill a site run while it writes: with SIGTERM/SIGINT no temporary
    file stays; with SIGKILL the next run on the path removes them. The
    previous outputs are untouched either way."""
    tmp = tempfile.mkdtemp(prefix="gt_fault_")
    try:
        scen = os.path.join(tmp, "s.yaml")
        scenario(scen, SITE_OUT.replace("{T}", tmp))
        prev = [x.replace("{T}", tmp) for x in SITE_PREV]
        problems = []
        for attempt in range(4):
            sentinel(*prev)
            proc = subprocess.Popen([BIN, "--quiet", "site", scen], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
            seen = False
            while proc.poll() is None:
                if temporaries(tmp, os.path.join(tmp, "cog")):
                    seen = True
                    proc.send_signal(sig)
                    break
                time.sleep(0.005)
            proc.communicate()
            if seen:
                break
        if not seen:
            report(name, ["the run ended before it could be killed while writing"])
            return
        if proc.returncode != -sig:
            problems.append("exit %s, expected death by signal %d" % (proc.returncode, sig))
        changed = untouched(prev)
        if changed:
            problems.append("previous output changed: %s" % [os.path.basename(c) for c in changed])
        left = temporaries(tmp, os.path.join(tmp, "cog"))
        if sig == signal.SIGKILL:
            if not left:
                problems.append("SIGKILL left nothing to clean (cannot test the cleanup)")
            p = run(["site", scen])
            if p.returncode != 0:
                problems.append("the next run failed: %s" % p.stderr.strip())
            left = temporaries(tmp, os.path.join(tmp, "cog"))
        if left:
            problems.append("temporary files left: %s" % left)
        report(name, problems)
    finally:
        shutil.rmtree(tmp)


signal_case("SIGTERM while writing", signal.SIGTERM)
if not QUICK:
    signal_case("SIGINT while writing", signal.SIGINT)
    signal_case("SIGKILL, then the next run", signal.SIGKILL)


def stale_case():
    """Temporary files of a dead process are removed; a live one's are not."""
    tmp = tempfile.mkdtemp(prefix="gt_fault_")
    try:
        scen = os.path.join(tmp, "r.yaml")
        scenario(scen, "  gpkg: %s/r.gpkg\n  csv: %s/r.csv\n" % (tmp, tmp), "rank")
        dead, live = dead_pid(), os.getpid()
        stale = [".r.gpkg.tmp-%d.gpkg" % dead, ".r.gpkg.tmp-%d.gpkg-journal" % dead,
                 ".r.csv.tmp-%d" % dead, "r.csv.tmp-%d" % dead]
        kept = [".r.gpkg.tmp-%d.gpkg" % live, ".other.gpkg.tmp-%d.gpkg" % dead]
        sentinel(*[os.path.join(tmp, x) for x in stale + kept])
        p = run(["rank", scen])
        problems = []
        if p.returncode != 0:
            problems.append("exit %d" % p.returncode)
        problems += ["not removed: " + x for x in stale if os.path.exists(os.path.join(tmp, x))]
        problems += ["removed: " + x for x in kept if not os.path.exists(os.path.join(tmp, x))]
        report("stale temporaries of dead runs", problems, p)
    finally:
        shutil.rmtree(tmp)


stale_case()


def two_writers():
    """Two runs on the same outputs at once: both succeed, the result is
    one run's complete pair, nothing is left over."""
    tmp = tempfile.mkdtemp(prefix="gt_fault_")
    try:
        scen = os.path.join(tmp, "r.yaml")
        scenario(scen, "  gpkg: %s/r.gpkg\n  csv: %s/r.csv\n" % (tmp, tmp), "rank")
        procs = [subprocess.Popen([BIN, "--quiet", "rank", scen], stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        errs = [p.communicate()[1] for p in procs]
        problems = ["writer %d: exit %d %s" % (i, p.returncode, errs[i].strip())
                    for i, p in enumerate(procs) if p.returncode != 0]
        from osgeo import ogr
        ds = ogr.Open(os.path.join(tmp, "r.gpkg"))
        if ds is None or ds.GetLayerByName("landfills") is None:
            problems.append("the GeoPackage is not a complete run")
        rows = open(os.path.join(tmp, "r.csv"), encoding="utf-8").read().count("\n")
        if ds is not None and rows != ds.GetLayerByName("landfills").GetFeatureCount() + 1:
            problems.append("the CSV does not match the GeoPackage")
        if temporaries(tmp):
            problems.append("temporary files left: %s" % temporaries(tmp))
        report("two writers at once", problems)
    finally:
        shutil.rmtree(tmp)


two_writers()
shutil.rmtree(GOOD)
release()
print("%d passed, %d failed" % (sum(results), len(results) - sum(results)))
sys.exit(0 if all(results) else 1)
