#!/usr/bin/env python3
"""Every sheet and report in one language: a Vietnamese sheet or report
shows no English text of the message catalogue (gistool/i18n.c), and an
English one no Vietnamese text.

The example runs are drawn as map sheets (site and rank, A4 and A3, PDF
text through pdftotext) and written as reports (site and rank, HTML text),
in both languages. What the user wrote is taken out first (the scenario's
name, the sites' names and communes, the labels and paths of the
inputs), since a
planner's own words stay as written; what remains must come from the
catalogue's side of the report's language. A catalogue entry's text is
split at its printf conversions, and each literal piece of two letters or
more that the other language's text of the same entry does not also
contain (codes such as AHP, WLC or DEM) must not appear as a whole word.

Usage: check_language.py GISTOOL SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from osgeo import ogr

CONV = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:l|ll|z)?[sdifgu%]")


def catalogue(src):
    text = open(os.path.join(src, "gistool", "i18n.c"), encoding="utf-8").read()
    body = text[text.index("catalogue[] = {"):text.index("// clang-format on")]
    out = []
    for m in re.finditer(r'\{"([^"]*)", (NULL|"[^"]*"), "([^"]*)"\},', body):
        key, en, vi = m.group(1), m.group(2), m.group(3)
        en = key if en == "NULL" else en[1:-1]
        out.append((key, en, vi))
    if len(out) < 100:
        sys.exit("check_language: read only %d catalogue entries from i18n.c" % len(out))
    return out


def pieces(s, other):
    """Literal pieces of s worth looking for: 2+ letters, not in `other`."""
    for p in CONV.split(s):
        p = p.strip(" .,:;()")
        if sum(c.isalpha() for c in p) >= 2 and p not in other:
            yield p


def found(piece, text):
    return re.search(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", text) is not None


def user_words(gpkg):
    """What the user wrote, as the run recorded it."""
    ds = ogr.Open(gpkg)
    words = []
    for f in ds.GetLayerByName("run_info"):
        if f.GetField("key") == "scenario_name":
            words.append(f.GetField("value"))
    lf = ds.GetLayerByName("landfills")
    if lf is not None:
        for f in lf:
            words += [f.GetField("name") or "", f.GetField("commune") or ""]
    for f in ds.GetLayerByName("run_inputs"):
        words += [f.GetField("label") or "", f.GetField("path") or ""]
    return sorted((w for w in words if w), key=len, reverse=True)


def normalise(text, words):
    text = re.sub(r"\s+", " ", text)
    for w in words:
        text = text.replace(re.sub(r"\s+", " ", w), " ")
    return text


def html_text(path):
    s = open(path, encoding="utf-8").read()
    root = ET.fromstring(s.split("\n", 1)[1])
    for st in root.iter("style"):
        st.text = ""
    return " ".join(root.itertext())


def main():
    gistool, src = sys.argv[1], sys.argv[2]
    cat = catalogue(src)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        run = lambda *a: subprocess.run([gistool, "--quiet", *a], check=True,
                                        stderr=subprocess.DEVNULL)
        run("site", os.path.join(src, "examples/ninh-binh/site.yaml"), "-o", tmp + "/site.gpkg")
        run("rank", os.path.join(src, "examples/ninh-binh/rank.yaml"), "-o", tmp + "/rank.gpkg",
            "--csv", tmp + "/rank.csv")
        outputs = []
        for kind in ("site", "rank"):
            words = user_words("%s/%s.gpkg" % (tmp, kind))
            for lang in ("vi", "en"):
                prefix = "%s/%s-%s" % (tmp, kind, lang)
                # Only the PDF text is read: the PNG need not be 300 dpi.
                run("map", "%s/%s.gpkg" % (tmp, kind), "--lang", lang, "--dpi", "50", "-o", prefix)
                run("report", "%s/%s.gpkg" % (tmp, kind), "--lang", lang, "-o", prefix + ".html")
                for size in ("A4", "A3"):
                    pdf = "%s-%s.pdf" % (prefix, size)
                    text = subprocess.run(["pdftotext", pdf, "-"], check=True,
                                          capture_output=True, text=True).stdout
                    outputs.append((os.path.basename(pdf), lang, normalise(text, words)))
                outputs.append((os.path.basename(prefix) + ".html", lang,
                                normalise(html_text(prefix + ".html"), words)))
    checked = 0
    for name, lang, text in outputs:
        for key, en, vi in cat:
            if en == vi:
                continue
            wrong, right = (en, vi) if lang == "vi" else (vi, en)
            for p in pieces(wrong, right):
                checked += 1
                if found(p, text):
                    problems.append("%s (%s): '%s' from the other language (catalogue key '%s')"
                                    % (name, lang, p, key))
    for p in problems:
        print("FAIL", p)
    print("language: %d outputs, %d checks, %d problems" % (len(outputs), checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
