#!/usr/bin/python3
"""gistool progress on a fixture register: the CSV against the indicators
recomputed independently with plain SQL on the fixture's tables (sqlite3,
tolerance 1e-9), the HTML self-contained and in one language, the PDF text
(pdftotext) with the indicator names, the sites behind the plan's schedule
and the entries after the report year.
Usage: check_progress.py GISTOOL SOURCE_DIR TMP_DIR"""
import csv
import io
import math
import os
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

BIN, SRC, TMP = sys.argv[1:4]
sys.path.insert(0, os.path.join(SRC, "tests", "e2e"))
import make_progress_fixture  # noqa: E402

TOL = 1e-9
YEAR = 2026
fails = []


def check(cond, what):
    print("%s %s" % ("ok  " if cond else "FAIL", what))
    if not cond:
        fails.append(what)


make_progress_fixture.register(os.path.join(TMP, "fixture-register.gpkg"))
make_progress_fixture.rank_plan(os.path.join(TMP, "fixture-rank.gpkg"))
REG = os.path.join(TMP, "fixture-register.gpkg")

# --- the expected indicators, by SQL on the fixture ---------------------------
NATIONAL = {"collected_urban_pct": (">=", 95.0), "collected_rural_pct": (">=", 90.0),
            "direct_landfill_pct": ("<", 50.0), "unsanitary_remediated_pct": (">", 50.0),
            "dumps_closed_pct": (">=", 100.0), "households_sorting_pct": (">=", 100.0)}
db = sqlite3.connect(REG)


def status_sql(y):
    # The latest entry dated <= Y-12-31 of each site (ties: the later row).
    return """SELECT f.site_id, f.kind, f.polluting, f.commune,
        (SELECT h.status FROM status_history h WHERE h.site_id = f.site_id
           AND h.date <= '%d-12-31' ORDER BY h.date DESC, h.id DESC LIMIT 1) AS st
        FROM facilities f""" % y


def expected(ind, y):
    if ind in ("collected_urban_pct", "collected_rural_pct"):
        area = "urban" if ind == "collected_urban_pct" else "rural"
        r = db.execute("""SELECT SUM(collected_tpd), SUM(generated_tpd), COUNT(*)
            FROM commune_indicators WHERE year = ? AND area_type = ? AND generated_tpd > 0
            AND collected_tpd IS NOT NULL""", (y, area)).fetchone()
    elif ind == "direct_landfill_pct":
        r = db.execute("""SELECT SUM(landfill_tpd), SUM(collected_tpd), COUNT(*)
            FROM commune_indicators WHERE year = ? AND collected_tpd > 0
            AND landfill_tpd IS NOT NULL""", (y,)).fetchone()
    elif ind == "households_sorting_pct":
        r = db.execute("""SELECT SUM(households_sorting), SUM(households), COUNT(*)
            FROM commune_indicators WHERE year = ? AND households > 0
            AND households_sorting IS NOT NULL""", (y,)).fetchone()
    else:
        if ind == "unsanitary_remediated_pct":
            where, done = "kind = 'unsanitary_landfill'", "st = 'remediated'"
        else:
            where, done = "kind = 'spontaneous_dump' AND polluting = 1", \
                "st IN ('closed', 'remediated')"
        r = db.execute("""SELECT SUM(CASE WHEN %s THEN 1 ELSE 0 END), COUNT(*),
            COUNT(DISTINCT commune) FROM (%s) WHERE %s AND st IS NOT NULL"""
                       % (done, status_sql(y), where)).fetchone()
    num, den, n = r
    if not n or not den:
        return None, None, None, n or 0
    return 100.0 * num / den, num, den, n


def target(ind, y):
    cmp, t = NATIONAL[ind]
    row = db.execute("SELECT value FROM targets WHERE indicator = ? AND year = 2030",
                     (ind,)).fetchone()
    if row:
        t = min(t, row[0]) if cmp == "<" else max(t, row[0])
    return cmp, t


def met(cmp, v, t):
    if v is None:
        return "no_data"
    ok = v >= t if cmp == ">=" else v > t if cmp == ">" else v < t
    return "met" if ok else "not_met"


def run(*args):
    p = subprocess.run([BIN, "--quiet", "progress"] + list(args), capture_output=True, text=True)
    check(p.returncode == 0, "progress %s exits 0 (%s)" % (" ".join(args[1:]), p.stderr.strip()))
    return p


run(REG, "--year", str(YEAR), "--plan", os.path.join(TMP, "fixture-rank.gpkg"))
EN = os.path.join(TMP, "en")
run(REG, "--year", str(YEAR), "--plan", os.path.join(TMP, "fixture-rank.gpkg"), "--lang", "en",
    "-o", EN + ".html", "--pdf", EN + ".pdf", "--csv", EN + ".csv")
VI = os.path.join(TMP, "fixture-progress-%d" % YEAR)
for ext in ("html", "pdf", "csv"):
    check(os.path.getsize(VI + "." + ext) > 0, "default output %s" % os.path.basename(VI + "." + ext))
check(not os.path.exists(VI + ".html.map.png"), "the map PNG is not left beside the report")

# --- CSV -------------------------------------------------------------------------
def check_csv(path, years_expected, label):
    raw = open(path, "rb").read()
    check(raw.startswith(b"\xef\xbb\xbf"), "%s CSV starts with the UTF-8 BOM" % label)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    years = sorted({int(r["year"]) for r in rows})
    check(years == years_expected, "%s CSV years from the first year of the register: %s"
          % (label, years))
    check(len(rows) == 6 * len(years), "%s: one row per indicator per year (%d)" % (label, len(rows)))
    bad = 0
    for r in rows:
        ind, y = r["indicator"], int(r["year"])
        v, num, den, n = expected(ind, y)
        cmp, t = target(ind, y)
        if v is None:
            ok = r["value"] == "" and r["status"] == "no_data"
        else:
            ok = (abs(float(r["value"]) - v) <= TOL and abs(float(r["numerator"]) - num) <= TOL
                  and abs(float(r["denominator"]) - den) <= TOL)
        ok = ok and int(r["communes_reporting"]) == n
        ok = ok and abs(float(r["target"]) - t) <= TOL and r["comparison"] == cmp
        ok = ok and r["status"] == met(cmp, v, t)
        ok = ok and r["name_vi"] and r["name_en"] and r["name_vi"] != r["name_en"]
        if not ok:
            bad += 1
            print("    %s %d: got %s / %s / %s, %s communes, target %s, %s; expected %s / %s / %s, "
                  "%d, %s %s, %s" % (ind, y, r["value"], r["numerator"], r["denominator"],
                                     r["communes_reporting"], r["target"], r["status"], v, num,
                                     den, n, cmp, t, met(cmp, v, t)))
    check(bad == 0, "%s: every CSV row equals the SQL recomputation (%d rows, tolerance %g)"
          % (label, len(rows), TOL))
    return raw, rows


raw, rows = check_csv(VI + ".csv", [2024, 2025, 2026], "fixture")
# Hand-checked: the fixture's 2026 values (docs/progress.md).
hand = {"collected_urban_pct": 96.0, "collected_rural_pct": 85.0,
        "direct_landfill_pct": 1400 / 26.6, "unsanitary_remediated_pct": 100 / 3,
        "dumps_closed_pct": 200 / 3, "households_sorting_pct": 1400 / 30}
for r in rows:
    if int(r["year"]) == 2026:
        check(abs(float(r["value"]) - hand[r["indicator"]]) <= TOL,
              "by hand: %s 2026 = %.6f" % (r["indicator"], hand[r["indicator"]]))
check(open(EN + ".csv", "rb").read() == raw, "the CSV does not depend on --lang")

# A table the GeoPackage does not list in gpkg_contents is still read (by SQL).
import shutil  # noqa: E402
UNREG = os.path.join(TMP, "unreg-register.gpkg")
shutil.copy(REG, UNREG)
u = sqlite3.connect(UNREG)
for t in ("gpkg_contents", "gpkg_ogr_contents"):
    u.execute("DELETE FROM %s WHERE table_name IN ('commune_indicators', 'targets')" % t)
u.commit()
u.close()
run(UNREG, "--year", str(YEAR), "--plan", os.path.join(TMP, "fixture-rank.gpkg"))
check(open(os.path.join(TMP, "unreg-progress-%d.csv" % YEAR), "rb").read() == raw,
      "tables not in gpkg_contents give the same CSV")

# --- HTML ------------------------------------------------------------------------
cat = open(os.path.join(SRC, "gistool", "i18n.c"), encoding="utf-8").read()
blk = cat[cat.index("gistool progress: the yearly progress report"):cat.index("};\n// clang-format on")]
pairs = []
for m in re.finditer(r'\{"((?:[^"\\]|\\.)*)", (NULL|"(?:[^"\\]|\\.)*"), "((?:[^"\\]|\\.)*)"\}', blk):
    key, en, vi = m.group(1), m.group(2), m.group(3)
    en = key if en == "NULL" else en[1:-1]
    if en != vi:
        pairs.append((en.replace("%d", "").strip(), vi.replace("%d", "").strip()))


def html_text(path):
    t = open(path, encoding="utf-8").read()
    return t, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(
        r"<style>.*?</style>|data:image/png;base64,[A-Za-z0-9+/=]+", " ", t, flags=re.S)))


for lang, path in (("vi", VI + ".html"), ("en", EN + ".html")):
    t, text = html_text(path)
    bare = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", t)
    urls = set(re.findall(r"(?:https?:)?//[^\s\"'<>)]+", bare)) - {"http://www.w3.org/2000/svg"}
    check(not urls, "%s HTML: no external URL %s" % (lang, sorted(urls)[:3]))
    check(not re.search(r'(?:src|href)="(?!data:)', t), "%s HTML: no linked resource" % lang)
    check("data:image/png;base64," in t and t.count("<svg") == 6,
          "%s HTML: the map embedded and one chart per indicator" % lang)
    other = [en if lang == "vi" else vi for en, vi in pairs]
    left = [s for s in other if len(s) >= 12 and s in text]
    check(not left, "%s HTML: one language (none of the other's %d strings: %s)"
          % (lang, len(other), left[:3]))
    check(re.search(r"<html lang=\"%s\">" % lang, t) is not None, "%s HTML: lang attribute" % lang)
    # Behind schedule: U2 (2026, remediating) and U3 (2025, closed), not U1.
    sec = t[t.index("<h2>", t.index("Sites behind" if lang == "en" else "chậm so với kế hoạch")
                    - 40):]
    sec = sec[:sec.index("<h2>", 5)]
    ids = re.findall(r"<tr><td>([A-Z]\d)</td>", sec)
    check(ids == ["U2", "U3"], "%s HTML: behind schedule %s" % (lang, ids))
    check("2027-02-01" in t and "2027-03-01" in t, "%s HTML: entries after %d listed" % (lang, YEAR))
    try:
        ET.fromstring(t.replace("<!DOCTYPE html>", ""))
        check(True, "%s HTML: well-formed" % lang)
    except ET.ParseError as e:
        check(False, "%s HTML: well-formed (%s)" % (lang, e))
    # By commune: Phường Một has U1 remediated and D1 closed; Xã Hai U2
    # remediating and U3 closed; Phường Bốn reports nothing.
    cells = {m.group(1): re.findall(r"<td[^>]*>([^<]*)</td>", m.group(0))
             for m in re.finditer(r"<tr><td>(Phường Một|Xã Hai|Phường Bốn)</td>.*?</tr>", t)}
    check(cells.get("Phường Một", [])[-2:] == ["1 / 1", "1 / 1"]
          and cells.get("Xã Hai", [])[-2:] == ["0 / 2", "–"]
          and cells.get("Phường Bốn", [""] * 5)[2:5] == [("no data" if lang == "en" else
                                                          "không có số liệu")] * 3,
          "%s HTML: the table by commune %s" % (lang, cells))

# --- PDF -------------------------------------------------------------------------
sys.path.insert(0, "")
names = {"vi": [], "en": []}
for m in re.finditer(r'\{"ind:[a-z_]+", "([^"]+)", "([^"]+)"\}', blk):
    names["en"].append(m.group(1))
    names["vi"].append(m.group(2))
for lang, path in (("vi", VI + ".pdf"), ("en", EN + ".pdf")):
    p = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True)
    text = re.sub(r"\s+", " ", p.stdout)
    missing = [n for n in names[lang] if n not in text]
    check(p.returncode == 0 and not missing, "%s PDF: every indicator name (missing %s)"
          % (lang, missing))
    other = [n for n in names["en" if lang == "vi" else "vi"] if n in text]
    check(not other, "%s PDF: none of the other language's names" % lang)

# --- the Ninh Bình example: the shipped CSVs through a register --------------------
# The register made as the register import does (make_progress_fixture.
# example_register), the plan from `gistool rank` on the example.
NB = os.path.join(TMP, "nb-register.gpkg")
make_progress_fixture.example_register(NB, SRC)
hist = db_rows = None
db = sqlite3.connect(NB)
# The history follows the register's rules: dates of a site never go
# backwards, remediated only after closed or remediating, nothing after it.
bad = []
for (sid,) in db.execute("SELECT DISTINCT site_id FROM status_history"):
    seq = db.execute("SELECT status, date FROM status_history WHERE site_id = ? ORDER BY id",
                     (sid,)).fetchall()
    for (s0, d0), (s1, d1) in zip(seq, seq[1:]):
        if d1 < d0 or s0 == "remediated" or (s1 == "remediated" and s0 not in
                                              ("closed", "remediating")):
            bad.append((sid, s0, d0, s1, d1))
    if any(not ("2025-01-01" <= d <= "2027-12-31") for _, d in seq[1:]):
        bad.append((sid, "date outside 2025-2027"))
check(not bad, "example history follows the register's rules %s" % bad[:3])
check(db.execute("SELECT COUNT(*) FROM status_history WHERE id > 68 AND note NOT LIKE "
                 "'synthetic%'").fetchone()[0] == 0, "example history: every row says synthetic")
check(db.execute("SELECT COUNT(*) FROM commune_indicators WHERE source NOT LIKE 'synthetic%'"
                 ).fetchone()[0] == 0, "example indicators: every row says synthetic")
check(db.execute("SELECT COUNT(DISTINCT commune_code) FROM commune_indicators").fetchone()[0]
      == 491, "example indicators: the 491 communes of the census layer")
p = subprocess.run([BIN, "--quiet", "rank", os.path.join(SRC, "examples", "ninh-binh", "rank.yaml"),
                    "-o", os.path.join(TMP, "nb-rank.gpkg")], capture_output=True, text=True)
check(p.returncode == 0, "rank on the example (%s)" % p.stderr.strip()[-200:])
run(NB, "--year", "2027", "--plan", os.path.join(TMP, "nb-rank.gpkg"))
check_csv(os.path.join(TMP, "nb-progress-2027.csv"), list(range(2019, 2028)), "example")

print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
