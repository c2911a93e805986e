#!/usr/bin/python3
"""Real client: QGIS (Debian python3-qgis, headless) opens gistool's
GeoPackages as a planner would. For each styled layer it must find the
default style in layer_styles (the renderer gistool wrote, not QGIS's
single-symbol default) and the Vietnamese field aliases; the suitability
raster takes its QML from layer_styles; the layers render to a PNG that is
not blank. Usage: check_qgis.py SITE.gpkg RANK.gpkg OUT.png"""
import os
import sqlite3
import sys
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp())
from qgis.core import (QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings,  # noqa: E402
                       QgsRasterLayer, QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

site, rank, png = sys.argv[1:4]
problems = []

# Every style parses as XML and names only fields that exist.
import re  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
n_styles = 0
for path in (site, rank):
    db = sqlite3.connect(path)
    for table, qml, sld in db.execute("SELECT f_table_name, styleQML, styleSLD FROM layer_styles"):
        n_styles += 1
        try:
            root = ET.fromstring(qml.split("\n", 1)[1])  # after the DOCTYPE line
            if sld:
                ET.fromstring(sld.encode("utf-8"))
        except ET.ParseError as e:
            problems.append("%s: style is not well-formed XML: %s" % (table, e))
            continue
        if table == "suitability":
            continue
        cols = {r[1] for r in db.execute('PRAGMA table_info("%s")' % table)}
        named = {a.get("field") for a in root.iter("alias")}
        named |= {t.get("fieldName") for t in root.iter("text-style")}
        for rule in root.iter("rule"):
            named |= set(re.findall(r'"([a-z_0-9]+)"', rule.get("filter") or ""))
        if not named <= cols:
            problems.append("%s: the style names missing fields %s" % (table, sorted(named - cols)))
app = QgsApplication([], False)
app.initQgis()
layers = []
want = {  # layer: (file, renderer type, a field and its alias)
    "parcels": (site, "RuleRenderer", "score", "Điểm phù hợp (0–1)"),
    "constraint_zones": (site, "RuleRenderer", "source", "Căn cứ pháp lý"),
    "candidate_regions": (site, "RuleRenderer", "compactness", "Độ gọn (0–1)"),
    "landfills": (rank, "RuleRenderer", "risk_pct", "Mức rủi ro (%)"),
}
for name, (path, renderer, field, alias) in want.items():
    vl = QgsVectorLayer("%s|layername=%s" % (path, name), name, "ogr")
    if not vl.isValid():
        problems.append("%s: QGIS cannot open it" % name)
        continue
    if vl.renderer().type() != renderer:
        problems.append("%s: renderer %s, expected the default style's %s" % (name, vl.renderer().type(), renderer))
    idx = vl.fields().indexOf(field)
    if idx < 0 or vl.attributeAlias(idx) != alias:
        problems.append("%s.%s: alias %r, expected %r" % (name, field, vl.attributeAlias(idx) if idx >= 0 else None, alias))
    if name == "parcels" and not vl.labelsEnabled():
        problems.append("parcels: the top-10 labels are not enabled")
    layers.append(vl)

# The parcels' spatial indexes (packed in one pass when the file is
# closed): SQLite's own check passes, one entry per feature, each box the
# feature's own (to the R-tree's 32-bit floats), the insert trigger back.
db = sqlite3.connect(site)
for table in ("parcels", "sensitivity_parcels"):
    rtree = "rtree_%s_geom" % table
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (rtree,)).fetchone():
        if table == "parcels":
            problems.append("parcels: no spatial index")
        continue
    check = db.execute("SELECT rtreecheck(?)", (rtree,)).fetchone()[0]
    if check != "ok":
        problems.append("%s: rtreecheck: %s" % (rtree, check))
    if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                      (rtree + "_insert",)).fetchone():
        problems.append("%s: the insert trigger is missing" % rtree)
    boxes = {r[0]: r[1:] for r in db.execute('SELECT * FROM "%s"' % rtree)}
    vl = QgsVectorLayer("%s|layername=%s" % (site, table), table, "ogr")
    n = 0
    for f in vl.getFeatures():
        n += 1
        bb, b = f.geometry().boundingBox(), boxes.get(f.id())
        near = b and all(abs(u - v) < 0.5 for u, v in zip(
            b, (bb.xMinimum(), bb.xMaximum(), bb.yMinimum(), bb.yMaximum())))
        if not near:
            problems.append("%s: feature %d: box %s, geometry %s" % (rtree, f.id(), b, bb.toString()))
            break
    if n != len(boxes):
        problems.append("%s: %d entries for %d features" % (rtree, len(boxes), n))
rl = QgsRasterLayer("GPKG:%s:suitability" % site, "suitability")
if not rl.isValid():
    problems.append("suitability: QGIS cannot open the raster")
else:
    qml = sqlite3.connect(site).execute(
        "SELECT styleQML FROM layer_styles WHERE f_table_name = 'suitability' AND useAsDefault").fetchone()
    tmp = tempfile.mkdtemp()
    with open(os.path.join(tmp, "s.qml"), "w", encoding="utf-8") as f:
        f.write(qml[0])
    msg, ok = rl.loadNamedStyle(os.path.join(tmp, "s.qml"))
    if not ok or rl.renderer().type() != "singlebandpseudocolor":
        problems.append("suitability: style not applied (%s, %s)" % (msg, rl.renderer().type()))
    layers.append(rl)
ms = QgsMapSettings()
ms.setLayers(layers)
ms.setBackgroundColor(QColor(255, 255, 255))
ms.setOutputSize(QSize(900, 800))
ext = QgsRectangle(layers[0].extent())
for l in layers[1:]:
    ext.combineExtentWith(l.extent())
ms.setExtent(ext)
job = QgsMapRendererSequentialJob(ms)
job.start()
job.waitForFinished()
img = job.renderedImage()
img.save(png)
colours = set()
for x in range(0, img.width(), 7):
    for y in range(0, img.height(), 7):
        colours.add(img.pixel(x, y))
if len(colours) < 20:
    problems.append("the rendered map is nearly blank (%d colours)" % len(colours))
n_layers = len(layers)
for p in problems:
    print("FAIL", p)
print("%d styles well-formed and naming existing fields; QGIS: %d layers opened, styled and "
      "rendered (%d colours), %d problems" % (n_styles, n_layers, len(colours), len(problems)))
sys.stdout.flush()
# PyQGIS can crash in interpreter teardown when Qt objects outlive
# exitQgis(); release them, then leave with this test's own status.
del job, ms, layers, vl, rl, img
app.exitQgis()
os._exit(1 if problems else 0)
