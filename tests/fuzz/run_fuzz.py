#!/usr/bin/python3
"""Build the libFuzzer targets with clang and run each for a bounded time.

The readers' own files (the scenario reader and the AHP CSV reader) are
compiled again with clang, instrumented for coverage, AddressSanitizer and
UBSan, and linked before the release library, which supplies the rest.
Each target starts from its corpus in tests/fuzz/corpus/NAME (kept in the
repository; new inputs go to a scratch copy in the build tree) and runs for
SECONDS. A crash, leak or sanitizer report fails the test and leaves the
input in the build tree (crash-*).
Usage: run_fuzz.py CLANG SOURCE_DIR BUILD_DIR [SECONDS]"""
import json
import os
import shlex
import shutil
import subprocess
import sys

CLANG, SRC, BUILD = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
SECONDS = int(sys.argv[4]) if len(sys.argv) > 4 else 20
WORK = os.path.join(BUILD, "fuzz")
SAN = "-fsanitize=address,undefined"
TARGETS = {
    "scenario": ["gistool/yaml.c", "gistool/scenario.c", "gistool/scenario_rank.c",
                 "gistool/profile.c"],
    "ahp_csv": ["layers/matrix_csv.c", "algorithms/ahp.c"],
}
PKGS = ["gdal", "geos", "proj", "spatialite", "sqlite3", "libfyaml", "libcrypto", "cairo",
        "cairo-pdf", "pangocairo"]
# The scenario reader reads a site factor's haul keys (gistool/site_haul.c),
# which brings in the road network: igraph and GLPK.
PKGS += ["igraph"]
EXTRA_LIBS = ["-lglpk"]

os.makedirs(WORK, exist_ok=True)
commands = {os.path.relpath(c["file"], SRC): c for c in
            json.load(open(os.path.join(BUILD, "compile_commands.json")))}


def flags_of(rel):
    """The release build's flags for a file: defines, includes, -std."""
    args = shlex.split(commands[rel]["command"])
    keep, skip = [], False
    for a in args[1:]:
        if skip:
            keep.append(a)
            skip = False
        elif a == "-isystem":
            keep.append(a)
            skip = True
        elif a.startswith(("-D", "-I", "-std", "-pthread")):
            keep.append(a)
    return keep


def build(name, sources):
    exe = os.path.join(WORK, "fuzz_" + name)
    harness = os.path.join(SRC, "tests", "fuzz", "fuzz_%s.c" % name)
    lib = os.path.join(BUILD, "libgistool.a")
    common = os.path.join(SRC, "tests", "fuzz", "fuzz_common.h")  # the shared prologue
    inputs = [harness, common, lib] + [os.path.join(SRC, s) for s in sources]
    if os.path.exists(exe) and all(os.path.getmtime(exe) > os.path.getmtime(i) for i in inputs):
        return exe
    objs = []
    for s in sources + ["harness"]:
        path = harness if s == "harness" else os.path.join(SRC, s)
        obj = os.path.join(WORK, "%s_%s.o" % (name, os.path.basename(path)))
        flags = flags_of(sources[0] if s == "harness" else s)
        subprocess.run([CLANG, "-g", "-O1", "-fno-omit-frame-pointer", SAN,
                        "-fsanitize=fuzzer-no-link"] + flags + ["-c", path, "-o", obj], check=True)
        objs.append(obj)
    libs = subprocess.run(["pkg-config", "--libs"] + PKGS, capture_output=True, text=True,
                          check=True).stdout.split()
    subprocess.run([CLANG, "-g", SAN, "-fsanitize=fuzzer"] + objs + [lib] + libs +
                   EXTRA_LIBS + ["-lm", "-pthread", "-o", exe], check=True)
    return exe


failed = []
for name, sources in TARGETS.items():
    exe = build(name, sources)
    corpus = os.path.join(SRC, "tests", "fuzz", "corpus", name)
    scratch = os.path.join(WORK, "corpus_" + name)
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
               LSAN_OPTIONS="suppressions=%s/tests/lsan.supp:print_suppressions=0" % SRC,
               UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
    p = subprocess.run([exe, scratch, corpus, "-max_total_time=%d" % SECONDS, "-timeout=10",
                        "-rss_limit_mb=2048", "-seed=394", "-max_len=8192",
                        "-artifact_prefix=%s/" % WORK, "-print_final_stats=1"],
                       capture_output=True, text=True, env=env, cwd=WORK)
    tail = [l for l in p.stderr.splitlines() if l.startswith(("stat::number_of_executed_runs",
                                                                "Done", "INFO: seed"))]
    print("%s: exit %d; %s" % (name, p.returncode, "; ".join(tail)))
    if p.returncode != 0:
        print(p.stderr[-6000:])
        failed.append(name)
print("fuzz: %s" % ("FAILED: " + ", ".join(failed) if failed else "ok"))
sys.exit(1 if failed else 0)
